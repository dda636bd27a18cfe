import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli, startCli } from '../helpers/cli-process.js';
import type { CorpusDocument } from './corpus-documents.js';

/** The seed of every corpus run, so a failure repeats with `--seed 1`. */
export const CORPUS_SEED = 1;

export interface SelfCheck {
  document: CorpusDocument;
  /** The contract command's exit code: 0 passed, 1 failures, 2 a document or usage error, 3 unreachable. */
  code: number | null;
  output: string;
  result?: {
    outcome: string;
    operations: string[];
    requests: number;
    failures: Array<{ check: string; operationId: string; request: string; problem: string; actual: string }>;
    totals: { skipped: number };
  };
  seconds: number;
  /** Peak resident set sizes in MiB. */
  mockRssMiB?: number;
  runnerRssMiB?: number;
}

const PEAK_RSS = resolve('test/corpus/peak-rss.cjs');

/**
 * `pers-mock serve --spec DOC` on a free port, then `pers-mock contract --spec DOC` against it with
 * the mock's dev credentials, as a user would run them; the runner's JSON report is read back.
 */
export async function selfCheck(document: CorpusDocument): Promise<SelfCheck> {
  const dir = await mkdtemp(join(tmpdir(), 'pers-mock-corpus-'));
  const file = `node_modules/${document.file}`;
  const rssEnv = (who: string) => ({
    NODE_OPTIONS: `--require ${PEAK_RSS}`,
    PERS_MOCK_PEAK_RSS_FILE: join(dir, `${who}.rss`),
  });
  const mock = await startCli(['--spec', file, '--db', ':memory:'], rssEnv('mock'), 120_000);
  try {
    const started = performance.now();
    const run = await runCli(
      [
        'contract',
        '--spec',
        file,
        '--base-url',
        mock.url,
        '--mock-credentials',
        '--seed',
        String(CORPUS_SEED),
        '--json',
        join(dir, 'result.json'),
      ],
      rssEnv('runner'),
    );
    const seconds = (performance.now() - started) / 1000;
    await mock.stop();
    const result = await readFile(join(dir, 'result.json'), 'utf8')
      .then((text) => JSON.parse(text) as SelfCheck['result'])
      .catch(() => undefined);
    return {
      document,
      code: run.code,
      output: `${run.stdout}\n${run.stderr}`,
      result,
      seconds,
      mockRssMiB: await peakRss(join(dir, 'mock.rss')),
      runnerRssMiB: await peakRss(join(dir, 'runner.rss')),
    };
  } finally {
    await mock.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

async function peakRss(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Math.round(Number(text) / 1024);
}

/** The corpus table, in Markdown. */
export function corpusTable(checks: SelfCheck[]): string {
  const rows = checks.map((c) =>
    [
      c.document.name,
      c.result?.operations.length ?? '–',
      c.result?.requests ?? '–',
      c.result?.totals.skipped ?? '–',
      c.result?.failures.length ?? '–',
      c.seconds.toFixed(1),
      c.mockRssMiB ?? '–',
      c.runnerRssMiB ?? '–',
    ].join(' | '),
  );
  const header = [
    'document',
    'operations',
    'requests',
    'skipped (check × operation)',
    'failures',
    'seconds',
    'mock peak RSS (MiB)',
    'runner peak RSS (MiB)',
  ];
  return [
    `| ${header.join(' | ')} |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}
