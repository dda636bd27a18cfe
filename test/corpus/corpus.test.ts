import { readFile, stat, writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS } from './corpus-documents.js';
import { corpusTable, selfCheck, type SelfCheck } from './self-check.js';

/**
 * Every corpus document, served by pers-mock and checked by pers-mock's contract runner: the
 * run ends (exit 0) with no failure. With PERS_MOCK_CORPUS_REPORT=FILE, the table of runs
 * replaces the one between the file's table markers (`npm run corpus:report`: docs/corpus.md).
 */
const runs: SelfCheck[] = [];
const TABLE_START = '<!-- corpus table: written by npm run corpus:report -->';
const TABLE_END = '<!-- end of corpus table -->';

/** What each process may hold at its peak: 500 MB for a document of up to 3 MB, 1 GB for a larger one. */
const peakBoundMiB = (documentBytes: number) => (documentBytes > 3e6 ? 1e9 : 5e8) / 2 ** 20;

describe.each(CORPUS)('$name', (document) => {
  it('is served, and the contract runner finds no failure against it', { timeout: 240_000 }, async () => {
    const run = await selfCheck(document);
    runs.push(run);
    const failures = (run.result?.failures ?? []).map(
      (f) => `${f.check} · ${f.operationId} · ${f.request}: ${f.problem} (${f.actual.slice(0, 200)})`,
    );
    expect(failures).toEqual([]);
    expect(run.code, run.output.slice(-3000)).toBe(document.noOperations ? 2 : 0);
    if (document.noOperations) expect(run.output).toContain('NOTHING CHECKED: the document has no operations to check');
    const bound = peakBoundMiB((await stat(`node_modules/${document.file}`)).size);
    expect(run.mockRssMiB ?? Infinity, 'mock peak RSS (MiB)').toBeLessThan(bound);
    expect(run.runnerRssMiB ?? Infinity, 'runner peak RSS (MiB)').toBeLessThan(bound);
  });
});

afterAll(async () => {
  const table = corpusTable(runs);
  console.log(table);
  const report = process.env.PERS_MOCK_CORPUS_REPORT;
  if (!report) return;
  const page = await readFile(report, 'utf8');
  const [start, end] = [page.indexOf(TABLE_START), page.indexOf(TABLE_END)];
  expect(start, `${report} has no ${TABLE_START} … ${TABLE_END}`).toBeGreaterThanOrEqual(0);
  await writeFile(report, `${page.slice(0, start + TABLE_START.length)}\n${table}\n${page.slice(end)}`);
});
