import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { findCrudCollections } from '../../src/engine/resource-collections.js';
import { createRandom } from '../../src/engine/generation/random.js';
import { operationsOf } from '../../src/engine/document-scan.js';
import { loadSpec } from '../../src/engine/load-spec.js';
import { SchemaValidator } from '../../src/engine/validator-ajv.js';
import { buildRequest, type BuiltRequest } from './document-requests.js';
import { responseProblems } from './response-problems.js';
import { jsonText } from '../../src/json-text.js';

export interface OperationOutcome {
  operation: string;
  status: number;
  problems: string[];
  /**
   * An item operation of a stateful collection whose document gives no way to learn a resource's
   * id: a PERS 404 is the expected answer.
   */
  unknownId?: boolean;
  body: string;
}

export interface DocumentRun {
  mock: MockServer;
  /** Milliseconds from createMockServer to a server ready to answer. */
  loadMs: number;
  outcomes: OperationOutcome[];
}

/**
 * Serves a document and calls its operations as a client would (a created resource's id for
 * the item operations of a stateful collection), checking each answer against the document.
 * `sample` picks which operations to call (default: all).
 */
export async function exerciseDocument(
  file: string,
  sample: (index: number) => boolean = () => true,
): Promise<DocumentRun> {
  const started = performance.now();
  const mock = await createMockServer({ spec: file, db: ':memory:', records: 0, logLevel: 'silent' });
  await mock.app.ready();
  const loadMs = performance.now() - started;
  const spec = await loadSpec(file, { validate: false });
  const document = spec.dereferenced;
  const setup = { version: spec.version, unknownFormats: spec.unknownFormats };
  const [responses, requests, random] = await Promise.all([
    SchemaValidator.create(setup, 'response'),
    SchemaValidator.create(setup, 'request'),
    createRandom(7),
  ]);
  const { collections } = findCrudCollections(document, new Set());
  const operations = operationsOf(document)
    .filter(({ method }) => method !== 'options' && method !== 'trace')
    .sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`))
    .filter((_operation, index) => sample(index));
  const outcomes: OperationOutcome[] = [];
  for (const { path, method, operation } of operations) {
    const collection = collections.find(
      (c) => c.itemPath === path && Object.values(c.operations).some((o) => o.operationId === operation.operationId),
    );
    const pathValues: Record<string, string> = {};
    if (collection) {
      const create = withoutOptionalId(
        buildRequest(document, collection.path, 'post', random, requests, mock.schemeCredentials),
        collection.idField,
      );
      const created = await mock.app.inject({
        method: 'POST',
        url: create.url,
        headers: create.headers,
        payload: create.payload,
      });
      for (const [name, value] of Object.entries(parentValues(create.url, collection.path))) pathValues[name] = value;
      let id = idIn(created.body, collection.idField) ?? idIn(create.payload ?? '', collection.idField);
      if (id === undefined && collection.operations.list) {
        // The create answered without the resource: find one in the list.
        const list = buildRequest(
          document,
          collection.path,
          'get',
          random,
          requests,
          mock.schemeCredentials,
          pathValues,
        );
        id = lastIdIn(
          (await mock.app.inject({ method: 'GET', url: list.url, headers: list.headers })).body,
          collection.idField,
        );
      }
      if (id !== undefined) pathValues[collection.idParam] = jsonText(id);
    }
    const unknownId = collection !== undefined && pathValues[collection.idParam] === undefined;
    const request = buildRequest(document, path, method, random, requests, mock.schemeCredentials, pathValues);
    const response = await mock.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      payload: request.payload,
    });
    const problems = unknownId
      ? notFoundProblems(response.statusCode, response.body)
      : responseProblems(operation, response.statusCode, response.headers, response.body, responses);
    if (problems.length > 0) problems.push(`answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    outcomes.push({
      operation: `${method.toUpperCase()} ${path}`,
      status: response.statusCode,
      problems,
      unknownId,
      body: response.body,
    });
  }
  return { mock, loadMs, outcomes };
}

/** The id in a create's response: at the top, or in the one object property that holds the resource. */
function idIn(body: string, idField: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  if (record[idField] !== undefined) return record[idField];
  const holder = Object.values(record).find(
    (value) => typeof value === 'object' && value !== null && idField in value,
  ) as Record<string, unknown> | undefined;
  return holder?.[idField];
}

/**
 * The values the create used for the collection path's own parameters (`/users/{userId}/pets`), so
 * the item is looked up under the same parent.
 */
function parentValues(url: string, template: string): Record<string, string> {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/?]+)')}`);
  const match = pattern.exec(url);
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match?.[i + 1] ?? '')]));
}

function lastIdIn(body: string, idField: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const list = Array.isArray(parsed) ? parsed : Object.values(parsed ?? {}).find((value) => Array.isArray(value));
  const last = (list as Array<Record<string, unknown>> | undefined)?.at(-1);
  return last?.[idField];
}

function notFoundProblems(status: number, body: string): string[] {
  if (status !== 404) return [`expected a 404 for an id the mock never issued, got ${status}`];
  const parsed = JSON.parse(body) as { code?: string; category?: string };
  return parsed.code === 'RESOURCE_NOT_FOUND' && parsed.category === 'DOMAIN_RULE'
    ? []
    : ['the 404 is not a PERS RESOURCE_NOT_FOUND'];
}

/** A client that lets the server pick the id, where the document lets it. */
function withoutOptionalId(request: BuiltRequest, idField: string): BuiltRequest {
  if (!request.payload || !/json/.test(request.headers['content-type'] ?? '')) return request;
  const body = JSON.parse(request.payload) as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || !(idField in body)) return request;
  const copy = { ...body };
  delete copy[idField];
  return { ...request, payload: JSON.stringify(copy), dropped: body } as BuiltRequest;
}
