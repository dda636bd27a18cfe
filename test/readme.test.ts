import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../src/errors.js';
import { startCli, type CliServer } from './helpers/cli-process.js';

const readme = await readFile('README.md', 'utf8');
const section = (heading: string) => readme.split(`\n## ${heading}\n`)[1].split('\n## ')[0];

/** In the sections written against the default server, every `# … → STATUS` comment followed by one curl command. */
const tryItCommands = [
  ...(section('Try it') + section('Frontend scenarios')).matchAll(/^# (.*→ (\d{3}).*)\n(curl (?:.*\\\n)*.*)$/gm),
].map((m) => ({
  title: m[1],
  status: Number(m[2]),
  command: m[3],
}));

describe('README', () => {
  let server: CliServer;
  beforeAll(async () => {
    server = await startCli(['--db', ':memory:']);
  });
  afterAll(() => server.stop());

  it('has a curl for every operation', () => {
    const methods = tryItCommands.map((c) => /-X (\w+)/.exec(c.command)?.[1] ?? 'GET');
    expect(new Set(methods)).toEqual(new Set(['GET', 'POST', 'PUT', 'DELETE']));
    expect(tryItCommands.length).toBeGreaterThanOrEqual(6);
  });

  it('Quick start is the two documented commands', () => {
    const blocks = [...section('Quick start').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    expect(blocks).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('curl commands behave as documented, in order, against the default server', async () => {
    const run = promisify(execFile);
    for (const { title, status, command } of tryItCommands) {
      const local = command.replaceAll('http://127.0.0.1:4010', server.url).replace(/^curl /, 'curl -sS ');
      const { stdout } = await run('bash', ['-c', local]);
      expect(Number(/^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1]), `${title}\n${stdout}`).toBe(status);
      const code = /→ \d{3}.* ([A-Z][A-Z_]+)$/.exec(title)?.[1];
      if (code) expect(stdout).toContain(`"code":"${code}"`);
    }
  });

  it('documents every error code of the catalogue', () => {
    for (const [code, definition] of Object.entries(errorCatalogue)) {
      expect(section('Errors')).toMatch(
        new RegExp(`\\| \`${code}\` \\| ${definition.status} \\| ${definition.category} \\|`),
      );
    }
  });
});
