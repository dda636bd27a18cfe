import { defineConfig } from 'vitest/config';

/**
 * The files that start many processes, measure time or memory, or drive a browser: together they
 * take most of a run. `npm run test:fast` leaves them out for the edit–test loop; `npm test` and
 * CI run both projects.
 */
const SLOW = [
  'test/any-document/large-document.test.ts',
  'test/any-document/public-documents.test.ts',
  'test/any-document/cli.test.ts',
  'test/browser/**',
  'test/cli/serve.test.ts',
  'test/contract/planted-faults.test.ts',
  'test/contract/cli-end-to-end.test.ts',
  'test/contract/ci-job.test.ts',
  'test/contract/safety.test.ts',
  'test/docs.test.ts',
  'test/proxy/overhead.test.ts',
  'test/reliability/**/*.test.ts',
  'test/types-subpath.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: SLOW } },
      {
        extends: true,
        test: { name: 'slow', include: SLOW.map((glob) => (glob.endsWith('**') ? `${glob}/*.test.ts` : glob)) },
      },
    ],
  },
});
