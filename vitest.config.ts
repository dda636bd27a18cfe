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
  'test/contract/prism.test.ts',
  'test/corpus/corpus.test.ts',
  'test/corpus/response-judge.test.ts',
  'test/contract/cli-end-to-end.test.ts',
  'test/contract/ci-job.test.ts',
  'test/contract/safety.test.ts',
  'test/contract/slow-server.test.ts',
  'test/docs.test.ts',
  'test/engine/router-speedups.test.ts',
  'test/package-install.test.ts',
  'test/proxy/overhead.test.ts',
  'test/reliability/**/*.test.ts',
  'test/types-subpath.test.ts',
];

/**
 * The tests of the store's promises, run again on PostgreSQL (PERS_MOCK_TEST_STORE switches
 * test/helpers/test-store.ts), with the tests only PostgreSQL has (replicas, row-level security,
 * losing the database). The project exists when a cluster is given (PERS_MOCK_TEST_PG_URL), or
 * when one is required (PERS_MOCK_TEST_PG_REQUIRED=1, as in CI: then a missing URL fails them).
 */
const ON_BOTH_STORES = [
  'test/handlers/trigger-sources.test.ts',
  'test/reliability/hostile-input.test.ts',
  'test/reliability/model-based.test.ts',
  'test/reliability/concurrency.test.ts',
  'test/any-document/crud-state.test.ts',
];
const POSTGRES_ONLY = 'test/postgres/**/*.test.ts';
const withPostgres = Boolean(process.env.PERS_MOCK_TEST_PG_URL || process.env.PERS_MOCK_TEST_PG_REQUIRED);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [...SLOW, POSTGRES_ONLY] } },
      {
        extends: true,
        test: { name: 'slow', include: SLOW.map((glob) => (glob.endsWith('**') ? `${glob}/*.test.ts` : glob)) },
      },
      ...(withPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: [...ON_BOTH_STORES, POSTGRES_ONLY],
                env: { PERS_MOCK_TEST_STORE: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
