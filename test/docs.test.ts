import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../src/errors.js';
import { documentedErrorTable } from './reliability/pers-error-shape.js';
import { runCli, startCli, type CliServer } from './helpers/cli-process.js';

const run = promisify(execFile);
const read = (file: string) => readFileSync(file, 'utf8');
const readme = read('README.md');
const docFiles = readdirSync('docs').map((name) => join('docs', name));

/** The text under `heading` (any level) up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const start = new RegExp(`^(#+) ${heading.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}\n`, 'm').exec(text);
  if (!start) throw new Error(`no heading "${heading}"`);
  const rest = text.slice(start.index + start[0].length);
  const next = new RegExp(`^#{1,${start[1].length}} `, 'm').exec(withoutCodeBlocks(rest));
  return next ? rest.slice(0, next.index) : rest;
}

/** Blanks fenced code blocks, keeping offsets, so that a `# comment` in a shell block is no heading. */
function withoutCodeBlocks(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** Every `# … → STATUS` comment followed by one curl command, in order. */
function statusCurls(text: string) {
  return [...text.matchAll(/^# (.*→ (\d{3}).*)\n(curl (?:.*\\\n)*.*)$/gm)].map((m) => ({
    title: m[1],
    status: Number(m[2]),
    command: m[3],
  }));
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = [...withoutCodeBlocks(read(file)).matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1]));
  return new Set(headings);
}

describe('README', () => {
  it('is an entry: under 300 lines, with the Quick start as exactly two commands', () => {
    expect(readme.split('\n').length).toBeLessThan(300);
    const blocks = [...section(readme, 'Quick start').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    expect(blocks).toEqual(['npm ci && npm start', 'npm test']);
  });

  it('links to every page in docs/', () => {
    for (const file of docFiles) expect(readme).toContain(`](${file})`);
  });
});

describe('links', () => {
  it.each(['README.md', ...docFiles])('every relative link and anchor in %s resolves', (file) => {
    const links = [...withoutCodeBlocks(read(file)).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    for (const link of links.filter((l) => !/^(https?|mailto):/.test(l))) {
      const [path, anchor] = link.split('#');
      const target = path ? join(dirname(file), path) : file;
      expect(existsSync(target), `${file}: ${link}`).toBe(true);
      if (anchor) expect(anchorsOf(target), `${file}: ${link}`).toContain(anchor);
    }
  });
});

describe('the curls of Try it and the frontend scenarios', () => {
  let server: CliServer;
  beforeAll(async () => {
    server = await startCli(['--db', ':memory:']);
  });
  afterAll(() => server.stop());

  const commands = [...statusCurls(section(readme, 'Try it')), ...statusCurls(read('docs/frontend.md'))];
  /** The README's `export PK=… JWT=… EXPIRED_JWT=…`, which every curl runs after, in the same shell. */
  const exports = /^export (?:.*\\\n)*.*$/m.exec(section(readme, 'Try it'))![0];

  it('take the credentials from one export block instead of repeating them', () => {
    expect(exports).toMatch(/^export PK='pk_test_\w+' \\\n {2}JWT='[\w.-]+' \\\n {2}EXPIRED_JWT='[\w.-]+'$/);
    for (const { command } of commands) expect(command).not.toMatch(/pk_test_|eyJ/);
  });

  it('cover every operation', () => {
    const methods = commands.map((c) => /-X (\w+)/.exec(c.command)?.[1] ?? 'GET');
    expect(new Set(methods)).toEqual(new Set(['GET', 'POST', 'PUT', 'DELETE']));
    expect(commands.length).toBeGreaterThanOrEqual(8);
  });

  it('behave as documented, in order, twice in a row, against the default server', async () => {
    for (const { title, status, command } of [...commands, ...commands]) {
      const local = command.replaceAll('http://127.0.0.1:4010', server.url).replace(/^curl /, 'curl -sS ');
      const { stdout } = await run('bash', ['-c', `${exports}\n${local}`]);
      expect(Number(/^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1]), `${title}\n${stdout}`).toBe(status);
      const code = /→ \d{3}.* ([A-Z][A-Z_]+)$/.exec(title)?.[1];
      if (code) expect(stdout).toContain(`"code":"${code}"`);
    }
  });

  it("the README's contract run passes against the mock", async () => {
    const block = /```sh\n([\s\S]*?)```/.exec(section(readme, 'The contract runner'))![1];
    const contract = block.split('\n').find((line) => line.includes(' contract '))!;
    const args = contract.replace('node dist/cli/main.js ', '').replace('http://127.0.0.1:4010', server.url).split(' ');
    const result = await runCli(args);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });
});

describe('the any-document example', () => {
  let server: CliServer;
  const block = /```sh\n([\s\S]*?)```/.exec(read('docs/any-document.md'))![1];
  beforeAll(async () => {
    const start = block.split('\n').find((line) => line.startsWith('npm start -- '))!;
    server = await startCli(start.replace('npm start -- ', '').split(' '));
  });
  afterAll(() => server.stop());

  it('answers each curl as its comment says', async () => {
    const curls = [...block.matchAll(/^(curl .*?)(?:\s+# → (\d{3}).*)?\n(?:# → (\d{3}).*\n)?/gm)];
    expect(curls.length).toBeGreaterThanOrEqual(5);
    for (const [, command, inline, below] of curls) {
      const local = command
        .replaceAll('http://127.0.0.1:4010', server.url)
        .replace(/^curl -s /, "curl -sS -o /dev/null -w '%{http_code}' ");
      const { stdout } = await run('bash', ['-c', local]);
      const expected = inline ?? below;
      if (expected) expect(stdout, command).toBe(expected);
      else expect(Number(stdout), command).toBeLessThan(300);
    }
  });
});

describe('the CLI reference', () => {
  const cli = read('docs/cli.md');
  it.each(['serve', 'contract', 'proxy'])('documents every flag of `pers-mock %s --help`', async (command) => {
    const { stdout } = await runCli([command, '--help']);
    const flags = [...stdout.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]).filter((f) => f !== '--help');
    expect(flags.length).toBeGreaterThan(5);
    const text = section(cli, `\`pers-mock ${command}\``);
    for (const flag of flags) expect(text, `${flag} of ${command}`).toMatch(new RegExp('`(proxy )?' + flag + '[ `]'));
  });
});

describe('the error table', () => {
  it('documents every error code of the catalogue with its status and category', () => {
    const table = documentedErrorTable();
    for (const [code, definition] of Object.entries(errorCatalogue)) {
      expect(table.get(code), code).toEqual({ status: definition.status, category: definition.category });
    }
  });
});
