import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { scanDocument } from './document-scan.js';
import { readDocument, versionOf, type LoadedSpec } from './load-spec.js';

/**
 * The built-in openapi.yaml, bundled and dereferenced by `npm run build` and kept as JSON, so
 * that `serve` starts without loading swagger-parser and resolving `$ref`s (some 70 ms of every
 * start). Every file the document was read from is recorded with its hash; once one of them
 * changes, the prepared form is stale and the document is read from YAML again.
 */
interface PreparedSpec {
  /** Relative to the document's folder. */
  sources: Array<{ file: string; sha256: string }>;
  document: OpenAPIV3.Document;
  dereferenced: OpenAPIV3.Document;
}

/**
 * Writes the prepared form of `file` to `preparedFile`. A document whose schemas refer to
 * themselves cannot be written as JSON once dereferenced: then nothing is written (and an older
 * prepared file is removed), and false is returned.
 */
export async function prepareSpec(file: string, preparedFile: string): Promise<boolean> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  const { document, files } = await readDocument(file);
  const dereferenced = (await SwaggerParser.dereference(structuredClone(document))) as OpenAPIV3.Document;
  const folder = dirname(file);
  const sources = await Promise.all(
    files.map(async (source) => ({ file: relative(folder, source), sha256: sha256(await readFile(source)) })),
  );
  let text: string;
  try {
    text = JSON.stringify({ sources, document, dereferenced } satisfies PreparedSpec);
  } catch {
    await rm(preparedFile, { force: true });
    return false;
  }
  await writeFile(preparedFile, text);
  return true;
}

/** The document as `loadSpec` gives it, from its prepared form; `undefined` when there is none or it is stale. */
export async function loadPreparedSpec(file: string, preparedFile: string): Promise<LoadedSpec | undefined> {
  const text = await readFile(preparedFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const prepared = JSON.parse(text) as PreparedSpec;
  const folder = dirname(file);
  if (!prepared.sources.some((source) => resolve(folder, source.file) === resolve(file))) return undefined;
  for (const source of prepared.sources) {
    const content = await readFile(resolve(folder, source.file)).catch(() => undefined);
    if (content === undefined || sha256(content) !== source.sha256) return undefined;
  }
  const { document, dereferenced } = prepared;
  const scan = scanDocument(dereferenced);
  return {
    file,
    document,
    dereferenced,
    version: versionOf(document, file),
    warnings: scan.warnings,
    unknownFormats: scan.unknownFormats,
  };
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
