import type { OpenAPIV3 } from 'openapi-types';
import { PersError } from '../errors.js';
import type { ApiResult } from '../handlers/trigger-source-handlers.js';
import { SEED_REFERENCE_TIME } from '../seed/seed-trigger-sources.js';
import { fakeFromSchema } from './schema-faker.js';

export interface MockChoice {
  /** A documented status; default: the operation's first 2xx. */
  status?: number;
  /** A named example of that response. */
  example?: string;
  /** Generate from the schema instead of using examples. */
  dynamic?: boolean;
  /** Makes generated bodies reproducible. */
  seed?: number;
}

/**
 * A response made from the document alone, without touching state: the named example, else the
 * response's example, else a body generated from its schema. An undocumented status or unknown
 * example is a 400 that names what the document does have.
 */
export async function mockOperationResponse(operation: OpenAPIV3.OperationObject, choice: MockChoice): Promise<ApiResult> {
  const documented = Object.keys(operation.responses ?? {});
  const status = choice.status ?? Number(documented.filter((code) => /^2\d\d$/.test(code)).sort()[0] ?? 200);
  const response = (operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`]) as
    | OpenAPIV3.ResponseObject
    | undefined;
  if (!response) {
    throw new PersError('MOCK_PREFERENCE_INVALID', `Status ${status} is not documented for ${operation.operationId}; documented: ${documented.join(', ')}`, {
      target: 'code',
    });
  }
  const [mediaType, media] = pickMedia(response);
  if (!media) {
    if (choice.example) throw unknownExample(operation, status, choice.example, []);
    return { status };
  }
  return { status, headers: { 'content-type': mediaType }, body: await mockBody(operation, status, media, choice) };
}

async function mockBody(operation: OpenAPIV3.OperationObject, status: number, media: OpenAPIV3.MediaTypeObject, choice: MockChoice): Promise<unknown> {
  const named = (media.examples ?? {}) as Record<string, OpenAPIV3.ExampleObject>;
  if (choice.example !== undefined) {
    if (!(choice.example in named)) throw unknownExample(operation, status, choice.example, Object.keys(named));
    return structuredClone(named[choice.example].value);
  }
  if (!choice.dynamic) {
    if (media.example !== undefined) return structuredClone(media.example);
    const first = Object.values(named)[0];
    if (first?.value !== undefined) return structuredClone(first.value);
  }
  const { Faker, en, base } = await import('@faker-js/faker');
  const faker = new Faker({ locale: [en, base] });
  faker.seed(choice.seed ?? Math.floor(Math.random() * 2 ** 31));
  // Relative dates count from a fixed instant when seeded, so a seed always gives the same body.
  if (choice.seed !== undefined) faker.setDefaultRefDate(SEED_REFERENCE_TIME);
  return fakeFromSchema(media.schema as OpenAPIV3.SchemaObject, faker, { useExamples: !choice.dynamic });
}

function pickMedia(response: OpenAPIV3.ResponseObject): [string, OpenAPIV3.MediaTypeObject | undefined] {
  const entries = Object.entries(response.content ?? {});
  const json = entries.find(([type]) => /json/i.test(type));
  return json ?? entries[0] ?? ['application/json', undefined];
}

function unknownExample(operation: OpenAPIV3.OperationObject, status: number, name: string, known: string[]): PersError {
  const listed = known.length > 0 ? known.join(', ') : 'none';
  return new PersError('MOCK_PREFERENCE_INVALID', `No example '${name}' for status ${status} of ${operation.operationId}; documented examples: ${listed}`, {
    target: 'example',
  });
}
