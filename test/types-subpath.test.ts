import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const TSC = resolve('node_modules/typescript/bin/tsc');

/** A browser app's tsconfig: the DOM, no Node types, every .d.ts checked (no skipLibCheck). */
const BROWSER_TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    lib: ['es2022', 'dom'],
    types: [],
    module: 'esnext',
    moduleResolution: 'bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  },
  include: ['app.ts'],
};

const app = (
  from: string,
) => `import type { PersErrorResponse, TriggerSource, TriggerSourceDraft, paths } from '${from}';

type ListQuery = NonNullable<paths['/trigger-sources']['get']['parameters']['query']>;
const query: ListQuery = { type: 'QR_CODE', limit: 5 };
const draft: TriggerSourceDraft = { type: 'QR_CODE', name: 'Lobby QR Code' };

export async function list(base: string, key: string): Promise<TriggerSource[]> {
  const headers = { 'x-project-key': key };
  const response = await fetch(\`\${base}/trigger-sources?limit=\${query.limit}\`, { headers });
  if (!response.ok) throw new Error(((await response.json()) as PersErrorResponse).code);
  document.title = draft.name;
  return (await response.json()) as TriggerSource[];
}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-browser-types-'));
  // The package as installed, its dependencies left out: what it needs from them (Fastify, and
  // through it Node's types) is what a browser project cannot compile.
  const installed = join(dir, 'node_modules', 'pers-mock');
  await mkdir(installed, { recursive: true });
  await copyFile('package.json', join(installed, 'package.json'));
  await cp('dist', join(installed, 'dist'), {
    recursive: true,
    filter: (source) => !source.includes('.') || source.endsWith('.d.ts'),
  });
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(BROWSER_TSCONFIG));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function compile(from: string): Promise<{ code: number; output: string }> {
  await writeFile(join(dir, 'app.ts'), app(from));
  try {
    await run(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json')]);
    return { code: 0, output: '' };
  } catch (error) {
    const { code, stdout } = error as { code: number; stdout: string };
    return { code, output: stdout };
  }
}

describe('pers-mock/types', () => {
  it('compiles in a browser-only project, without Node types or skipLibCheck', async () => {
    const result = await compile('pers-mock/types');
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('is what such a project needs: the package root brings in the server and its Fastify types', async () => {
    const result = await compile('pers-mock');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("Cannot find module 'fastify'");
  });
});
