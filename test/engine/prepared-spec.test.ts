import { appendFile, cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/engine/load-spec.js';
import { loadPreparedSpec, prepareSpec } from '../../src/engine/prepared-spec.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-prepared-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A copy of the built-in document in a folder of its own, and where its prepared form goes. */
async function builtInCopy(name: string): Promise<{ spec: string; prepared: string }> {
  await cp('openapi.yaml', join(dir, `${name}.yaml`));
  return { spec: join(dir, `${name}.yaml`), prepared: join(dir, `${name}.prepared.json`) };
}

const documentWith = (schemas: object) =>
  JSON.stringify({
    openapi: '3.0.3',
    info: { title: 'T', version: '1' },
    paths: {
      '/things': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
          },
        },
      },
    },
    components: { schemas },
  });

describe('the prepared form of the built-in document', () => {
  it('is what loadSpec reads from the YAML: the bundled and the dereferenced document, warnings and formats', async () => {
    const { spec, prepared } = await builtInCopy('same');
    expect(await prepareSpec(spec, prepared)).toBe(true);
    expect(await loadPreparedSpec(spec, prepared)).toEqual(await loadSpec(spec, { validate: false }));
  });

  it('is ignored once the document is edited, or when it was never written', async () => {
    const { spec, prepared } = await builtInCopy('edited');
    await prepareSpec(spec, prepared);
    await appendFile(spec, '# edited\n');
    expect(await loadPreparedSpec(spec, prepared)).toBeUndefined();
    expect(await loadPreparedSpec(spec, join(dir, 'never-written.json'))).toBeUndefined();
  });

  it('is ignored for another document than the one it was prepared from', async () => {
    const { spec, prepared } = await builtInCopy('original');
    await prepareSpec(spec, prepared);
    const other = await builtInCopy('other');
    expect(await loadPreparedSpec(other.spec, prepared)).toBeUndefined();
  });

  it('is ignored once a file the document refers to is edited', async () => {
    const spec = join(dir, 'split.json');
    const prepared = join(dir, 'split.prepared.json');
    await writeFile(
      join(dir, 'thing.json'),
      JSON.stringify({ type: 'object', properties: { id: { type: 'string' } } }),
    );
    await writeFile(spec, documentWith({ Thing: { $ref: './thing.json' } }));
    await prepareSpec(spec, prepared);
    expect((await loadPreparedSpec(spec, prepared))?.dereferenced.components?.schemas?.Thing).toMatchObject({
      properties: { id: { type: 'string' } },
    });
    await writeFile(
      join(dir, 'thing.json'),
      JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } } }),
    );
    expect(await loadPreparedSpec(spec, prepared)).toBeUndefined();
  });

  it('is not written for a document whose schemas refer to themselves, and an older one is removed', async () => {
    const spec = join(dir, 'recursive.json');
    const prepared = join(dir, 'recursive.prepared.json');
    await writeFile(prepared, '{}');
    await writeFile(
      spec,
      documentWith({ Thing: { type: 'object', properties: { next: { $ref: '#/components/schemas/Thing' } } } }),
    );
    expect(await prepareSpec(spec, prepared)).toBe(false);
    await expect(stat(prepared)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it("is written by the build for the package's openapi.yaml", async () => {
    const built = JSON.parse(await readFile('dist/openapi.prepared.json', 'utf8')) as {
      sources: Array<{ file: string }>;
    };
    expect(built.sources.map((source) => source.file)).toEqual(['openapi.yaml']);
    expect(await loadPreparedSpec('openapi.yaml', 'dist/openapi.prepared.json')).toEqual(
      await loadSpec('openapi.yaml', { validate: false }),
    );
  });
});
