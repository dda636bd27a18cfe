import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSpec } from '../../src/engine/load-spec.js';

/** Every `$ref` in a document, in document order. */
function refsOf(node: unknown, out: string[] = []): string[] {
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.push(value);
    else refsOf(value, out);
  }
  return out;
}

describe('the document loadSpec serves', () => {
  it('is a one-file document as written, its internal $refs where they are', async () => {
    const written = parse(await readFile('openapi.yaml', 'utf8')) as unknown;
    const spec = await loadSpec('openapi.yaml', { validate: false });
    expect(spec.document).toEqual(written);
    expect(refsOf(spec.document).length).toBeGreaterThan(50);
  });

  it('has the parts of the other files of a document moved in, every $ref internal', async () => {
    const spec = await loadSpec('test/any-document/fixtures/shop/openapi.yaml');
    const refs = refsOf(spec.document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^#\//);
  });
});
