import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process.js';
import { startFaultyMock, type Fault, type FaultyMock } from './helpers/faulty-mock.js';
import { tempDir } from './helpers/temp-dirs.js';

/** What `pers-mock contract` is run with throughout: the built CLI, as a CI job runs it. */
const PUBLISHED = 'fixtures/published/pers-api-2.0.13-trigger-sources.yaml';

let mock: FaultyMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** The built CLI's `contract` against a fresh in-process mock (with `fault`), with both tenants' credentials. */
async function contract(args: string[], fault?: Fault, env: NodeJS.ProcessEnv = {}) {
  mock ??= await startFaultyMock(fault);
  const { primary, second } = mock.credentials;
  const credentials = {
    PERS_MOCK_PROJECT_KEY: primary.projectKey,
    PERS_MOCK_JWT: primary.jwt,
    PERS_MOCK_SECOND_PROJECT_KEY: second!.projectKey,
    PERS_MOCK_SECOND_JWT: second!.jwt,
  };
  return runCli(['contract', '--base-url', mock.baseUrl, '--seed', '5', ...args], { ...credentials, ...env });
}

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe('the published document', () => {
  it.each([
    ['a full run', []],
    ['a --read-only run', ['--read-only']],
  ])('%s checks the target against it instead of crashing', async (_label, extra) => {
    const run = await contract(['--spec', PUBLISHED, ...extra]);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    // The published document types description as an object; the mock answers strings.
    expect(run.stdout).toContain('/description must be object,null');
    expect(run.stdout).toMatch(/^FAILED: \d+ distinct failure\(s\)/m);
    expect(run.code).toBe(1);
  });

  it('takes --spec from PERS_MOCK_SPEC and an overlay from --overlay or PERS_MOCK_OVERLAY', async () => {
    const fromEnv = await contract(['--checks', 'response_schema_conformance'], undefined, {
      PERS_MOCK_SPEC: PUBLISHED,
    });
    expect(fromEnv.stdout).toContain('/description must be object,null');
    const overlaid = await contract(
      ['--checks', 'response_schema_conformance', '--overlay', 'overlays/pers-2.0.13-fixes.yaml'],
      undefined,
      { PERS_MOCK_SPEC: PUBLISHED },
    );
    expect(overlaid.stdout).not.toContain('must be object');
    const overlaidFromEnv = await contract(['--checks', 'response_schema_conformance'], undefined, {
      PERS_MOCK_SPEC: PUBLISHED,
      PERS_MOCK_OVERLAY: 'overlays/pers-2.0.13-fixes.yaml',
    });
    expect(overlaidFromEnv.stdout).not.toContain('must be object');
  });

  it('exits 2 naming the file and the JSON pointer of a schema the runner cannot use', async () => {
    const dir = await tempDir('bad-schema');
    const file = join(dir, 'unusable-pattern.yaml');
    const published = await readFile(PUBLISHED, 'utf8');
    const broken = published.replace(
      /( {8}name:\n {10}type: string\n)( {10}description: Human-readable name)/,
      "$1          pattern: '(['\n$2",
    );
    expect(broken).not.toBe(published);
    await writeFile(file, broken);
    const run = await contract(['--spec', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `pers-mock contract: ${file}#/paths/~1trigger-sources/post/requestBody/content/application~1json/schema: ` +
        'the runner cannot use this schema: Invalid regular expression',
    );
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(mock!.received).toEqual([]);
  });
});
