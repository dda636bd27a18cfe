import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 240_000;

/** Runs a command, resolving with its exit code and everything it printed. */
async function sh(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 1 << 24 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: `${stdout}${stderr}` };
  }
}

/** docs/frontend.md's "A mock inside your test suite" example, as written there. */
async function frontendExample(): Promise<string> {
  const page = await readFile('docs/frontend.md', 'utf8');
  const section = page.slice(page.indexOf('## A mock inside your test suite'));
  return /```ts\n([\s\S]*?)```/.exec(section)![1];
}

let dir: string;
let install: { code: number; output: string };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-consumer-'));
  // dist/ is built before the tests run; rebuilding it here (prepare) would pull it from under
  // the test files running beside this one.
  const pack = await sh('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], resolve('.'));
  expect(pack.code, pack.output).toBe(0);
  const tarball = /^pers-mock-[\d.]+\.tgz$/m.exec(pack.output)![0];
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  install = await sh('npm', ['install', '--no-audit', '--no-fund', '--save-dev', `./${tarball}`], dir);
}, INSTALL_TIMEOUT_MS);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('pers-mock installed from its npm pack tarball into an empty project', () => {
  it(`installs as a devDependency on Node ${process.versions.node} without an EBADENGINE warning`, async () => {
    expect(install.code, install.output).toBe(0);
    expect(install.output).not.toContain('EBADENGINE');
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(manifest.devDependencies['pers-mock']).toMatch(/^file:pers-mock-[\d.]+\.tgz$/);
  });

  it("runs docs/frontend.md's startMockServer() example there", async () => {
    await writeFile(join(dir, 'mock.test.ts'), await frontendExample());
    // The test runner is the app's own concern; this one lends it the repository's.
    await symlink(resolve('node_modules/vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
    const result = await sh(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', '--root', dir], dir);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/1 passed/);
  });
});
