import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { contractCommand, processIo } from '../../src/cli/contract-command.js';
import { CLI } from '../helpers/cli-process.js';
import { startFaultyMock, type FaultyMock } from './helpers/faulty-mock.js';
import { tempDir } from './helpers/temp-dirs.js';

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}

/** The contract step of the GitHub Actions job in docs/contract-runner.md. */
async function contractStep(): Promise<Step & { run: string; env: Record<string, string> }> {
  const page = await readFile('docs/contract-runner.md', 'utf8');
  const section = page.slice(page.indexOf('## In CI (GitHub Actions)'));
  const workflow = parseYaml(/```yaml\n([\s\S]*?)```/.exec(section)![1]) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find((s) => s.run?.includes('pers-mock contract'));
  expect(step?.env).toBeDefined();
  return step as Step & { run: string; env: Record<string, string> };
}

let mock: FaultyMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('the GitHub Actions job in the docs', () => {
  it('uses only flags and environment variables that `pers-mock contract` has', async () => {
    const step = await contractStep();
    const options = contractCommand(processIo).options;
    const flags = step.run.split(/\s+/).filter((word) => word.startsWith('--'));
    expect(flags).toEqual(expect.arrayContaining(['--junit', '--json']));
    for (const flag of flags)
      expect(
        options.map((o) => o.long),
        flag,
      ).toContain(flag);
    const variables = options.map((o) => o.envVar).filter(Boolean);
    for (const name of Object.keys(step.env)) expect(variables, name).toContain(name);
  });

  it('runs as written against a local mock and leaves a JUnit report where the upload step looks', async () => {
    const step = await contractStep();
    mock = await startFaultyMock();
    const { primary, second } = mock.credentials;
    // The secrets and variables the job reads, as the repository would hold them.
    const values: Record<string, string> = {
      'vars.PERS_STAGING_URL': mock.baseUrl,
      'secrets.PERS_PROJECT_KEY': primary.projectKey!,
      'secrets.PERS_JWT': primary.jwt!,
      'secrets.PERS_SECOND_PROJECT_KEY': second!.projectKey!,
      'secrets.PERS_SECOND_JWT': second!.jwt!,
    };
    const env = Object.fromEntries(
      Object.entries(step.env).map(([name, value]) => [
        name,
        value.replace(/\$\{\{\s*(\S+)\s*\}\}/, (_m, key: string) => values[key]),
      ]),
    );
    const cwd = await tempDir('ci-job');
    const args = step.run.replace(/^npx pers-mock /, '').split(/\s+/);
    const child = spawn(process.execPath, [resolve(CLI), ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const [code] = await once(child, 'exit');
    expect(stdout).toMatch(/^PASSED: 0 distinct failure\(s\)/m);
    expect(code).toBe(0);
    const junit = await readFile(join(cwd, 'reports/contract.xml'), 'utf8');
    expect(junit).toMatch(
      /^<\?xml[^>]*>\n<testsuites name="pers-mock contract http:\/\/127\.0\.0\.1:\d+" tests="\d+" failures="0" errors="0"/,
    );
    const json = JSON.parse(await readFile(join(cwd, 'reports/contract.json'), 'utf8'));
    expect(json).toMatchObject({ outcome: 'passed' });
    expect(json.coverage.seen).toBeGreaterThan(json.coverage.operations.length);
    expect(stdout).toContain(`documented responses seen: ${json.coverage.seen}/${json.coverage.documented};`);
  });
});
