import type { LightMyRequestResponse } from 'fastify';
import { bearer, projectKey, validBody, type TestMock } from '../helpers/test-mock.js';
import type { Exchange } from './pers-error-shape.js';
import { rawRequest } from './raw-http.js';

/**
 * The hostile-input table: what is sent, and what the mock must answer. Each row is a function
 * of the running mock so the same table can be replayed (the memory check runs it repeatedly).
 */
export interface HostileTarget {
  mock: TestMock;
  /** Port of the same server listening on 127.0.0.1, for what only a raw socket can send. */
  port: number;
  /** A live trigger source of the first tenant. */
  liveId: string;
}

export type Expected =
  /** A PERS structured error with this status and one of these codes (codes from the table in docs/behaviour.md). */
  | { kind: 'error'; status: number; codes: string[]; violationAt?: string }
  /**
   * Refused by Node's HTTP parser before any of the mock's code runs (Node writes the answer
   * itself and closes the connection): only the status is the mock's to promise.
   */
  | { kind: 'refused'; status: number }
  /** Accepted: 201, and these fields come back exactly as sent, now and on a later GET. */
  | { kind: 'stored'; fields: Record<string, unknown> };

export interface HostileRow {
  /** Reads as the object of "answers … with …". */
  input: string;
  outcome: string;
  expected: Expected;
  send: (target: HostileTarget) => Promise<Exchange>;
}

const MiB = 1024 * 1024;

const exchangeOf = (response: LightMyRequestResponse): Exchange => ({
  status: response.statusCode,
  headers: response.headers,
  body: response.body,
});

/** POST /trigger-sources with the first tenant's JWT; `null` content type sends none at all. */
const post =
  (payload: string, contentType: string | null = 'application/json') =>
  async ({ mock }: HostileTarget) =>
    exchangeOf(
      await mock.request({
        method: 'POST',
        url: '/trigger-sources',
        headers: { ...bearer(mock.first), ...(contentType === null ? {} : { 'content-type': contentType }) },
        payload: Buffer.from(payload),
      }),
    );

const putLive =
  (payload: string | undefined, contentType: string | null = 'application/json') =>
  async ({ mock, liveId }: HostileTarget) =>
    exchangeOf(
      await mock.request({
        method: 'PUT',
        url: `/trigger-sources/${liveId}`,
        headers: { ...bearer(mock.first), ...(contentType === null ? {} : { 'content-type': contentType }) },
        ...(payload === undefined ? {} : { payload: Buffer.from(payload) }),
      }),
    );

const list =
  (query: string) =>
  async ({ mock }: HostileTarget) =>
    exchangeOf(
      await mock.request({ method: 'GET', url: `/trigger-sources?${query}`, headers: projectKey(mock.first) }),
    );

type IdMethod = 'GET' | 'PUT' | 'DELETE';

/**
 * One operation on a hand-encoded id. `documented: false` skips the check against openapi.yaml:
 * a URL the HTTP layer cannot decode never reaches an operation, so the document cannot list it.
 */
const onId =
  (method: IdMethod, encodedId: string, documented = true) =>
  async ({ mock }: HostileTarget) => {
    const headers = method === 'GET' ? projectKey(mock.first) : bearer(mock.first);
    const options = {
      method,
      url: `/trigger-sources/${encodedId}`,
      headers,
      ...(method === 'PUT' ? { payload: validBody } : {}),
    } as const;
    return exchangeOf(documented ? await mock.request(options) : await mock.app.inject(options));
  };

const raw = (request: (target: HostileTarget) => string) => async (target: HostileTarget) =>
  rawRequest(target.port, request(target));

const rejects = (input: string, send: HostileRow['send'], status: number, ...codes: string[]): HostileRow => ({
  input,
  outcome: `${status} ${codes.join(' or ')}`,
  expected: { kind: 'error', status, codes },
  send,
});

/** A 400 VALIDATION_FAILED whose violations name the body field at `pointer`. */
const rejectsAt = (input: string, send: HostileRow['send'], pointer: string): HostileRow => ({
  input,
  outcome: `400 VALIDATION_FAILED naming ${pointer}`,
  expected: { kind: 'error', status: 400, codes: ['VALIDATION_FAILED'], violationAt: pointer },
  send,
});

const refuses = (input: string, send: HostileRow['send']): HostileRow => ({
  input,
  outcome: '400 from the HTTP parser, and keeps serving',
  expected: { kind: 'refused', status: 400 },
  send,
});

/** A create of `{type, name, ...fields}`, sent as `payload` (that object's JSON unless given). */
const stores = (input: string, fields: Record<string, unknown>, payload?: string): HostileRow => {
  const body = { type: 'QR_CODE', name: 'Hostile but valid', ...fields };
  return {
    input,
    outcome: '201 and returns it intact',
    expected: { kind: 'stored', fields: body },
    send: post(payload ?? JSON.stringify(body)),
  };
};

const withMetadata = (metadataJson: string) => `{"type":"QR_CODE","name":"Prototype keys","metadata":${metadataJson}}`;
const nestedObjects = (depth: number) => withMetadata(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
const nestedArrays = (depth: number) => withMetadata(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`);
const bodyOfSize = (bytes: number) => {
  const shell = JSON.stringify({ ...validBody, metadata: { padding: '' } });
  return shell.replace('"padding":""', `"padding":"${'p'.repeat(bytes - shell.length)}"`);
};
const manyParams = (count: number, param: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => param(i)).join('&');

/** A GET whose header block is written by hand, around one hostile header line. */
const rawGet = (headerLine: string) => (target: HostileTarget) =>
  `GET /trigger-sources HTTP/1.1\r\nHost: 127.0.0.1\r\nx-project-key: ${target.mock.first.projectKey}\r\n` +
  `${headerLine}\r\nConnection: close\r\n\r\n`;

const C0_CONTROLS = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f';

const idRows = (label: string, encodedId: string, status: number, code: string, documented = true): HostileRow[] =>
  (['GET', 'PUT', 'DELETE'] as const).map((method) =>
    rejects(`a ${method} of an id ${label}`, onId(method, encodedId, documented), status, code),
  );

export const hostileRows: HostileRow[] = [
  // Bodies that are not (readable) JSON
  rejects('a malformed JSON body', post('{"type": "QR_CODE",'), 400, 'MALFORMED_JSON'),
  rejects('a JSON body truncated inside a string', post('{"type":"QR_CODE","name":"Front Do'), 400, 'MALFORMED_JSON'),
  rejects('a JSON body truncated inside an escape', post('{"type":"QR_CODE","name":"\\u00'), 400, 'MALFORMED_JSON'),
  rejects('a JavaScript object literal instead of JSON', post("{type: 'QR_CODE', name: 'x'}"), 400, 'MALFORMED_JSON'),
  rejects(
    'a JSON body followed by trailing garbage',
    post('{"type":"QR_CODE","name":"x"} {"more":1}'),
    400,
    'MALFORMED_JSON',
  ),
  rejects('an empty application/json body', post(''), 400, 'MALFORMED_JSON'),
  rejects('a whitespace-only application/json body', post(' \r\n\t '), 400, 'MALFORMED_JSON'),
  rejects(
    'a create with no body and no content type',
    async ({ mock }) =>
      exchangeOf(await mock.request({ method: 'POST', url: '/trigger-sources', headers: bearer(mock.first) })),
    400,
    'VALIDATION_FAILED',
  ),
  rejects('an update with no body', putLive(undefined, null), 400, 'VALIDATION_FAILED'),

  // JSON that is not an object
  ...[
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"QR_CODE"'],
    ['true', 'true'],
    ['an empty array', '[]'],
    ['an array of valid bodies', JSON.stringify([validBody])],
  ].map(([label, payload]) => rejects(`a JSON body that is ${label}`, post(payload), 400, 'VALIDATION_FAILED')),

  // Content types
  ...[
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/octet-stream',
  ].map((type) =>
    rejects(`a JSON body sent as ${type}`, post(JSON.stringify(validBody), type), 415, 'UNSUPPORTED_MEDIA_TYPE'),
  ),
  rejects(
    'a JSON body sent without a content type',
    post(JSON.stringify(validBody), null),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ),
  rejects(
    'an update sent as text/plain',
    putLive(JSON.stringify(validBody), 'text/plain'),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ),

  // Size
  rejects('a body one byte over 1 MiB', post(bodyOfSize(MiB + 1)), 413, 'PAYLOAD_TOO_LARGE'),
  rejects('a 5 MiB body', post(bodyOfSize(5 * MiB)), 413, 'PAYLOAD_TOO_LARGE'),
  rejects('an update body one byte over 1 MiB', putLive(bodyOfSize(MiB + 1)), 413, 'PAYLOAD_TOO_LARGE'),

  // Nesting: thousands of levels, within the size limit (a 400) and over it (a 413)
  rejects(
    'metadata nested 5,000 objects deep (30 KB)',
    post(nestedObjects(5_000)),
    400,
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
  ),
  rejects(
    'metadata nested 150,000 objects deep (0.9 MB)',
    post(nestedObjects(150_000)),
    400,
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
  ),
  rejects(
    'metadata nested 500,000 arrays deep (1.0 MB)',
    post(nestedArrays(500_000)),
    400,
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
  ),
  rejects(
    'an update with metadata nested 5,000 objects deep',
    putLive(nestedObjects(5_000)),
    400,
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
  ),
  rejects(
    'a body that is 100,000 nested arrays',
    post(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
    400,
    'VALIDATION_FAILED',
    'MALFORMED_JSON',
  ),
  rejects('metadata nested 200,000 objects deep (1.2 MB)', post(nestedObjects(200_000)), 413, 'PAYLOAD_TOO_LARGE'),
  rejects('metadata nested 1,000,000 arrays deep (2 MB)', post(nestedArrays(1_000_000)), 413, 'PAYLOAD_TOO_LARGE'),

  // Strings as long as the size limit allows (name ≤ 255, description ≤ 2,000) and longer
  rejects(
    'a 1,000,000-character name',
    post(JSON.stringify({ type: 'QR_CODE', name: 'n'.repeat(1_000_000) })),
    400,
    'VALIDATION_FAILED',
  ),
  rejects(
    'a 1,000,000-character description',
    post(JSON.stringify({ type: 'QR_CODE', name: 'x', description: 'd'.repeat(1_000_000) })),
    400,
    'VALIDATION_FAILED',
  ),
  rejects(
    'a name of 250,000 emoji (1 MB of UTF-8)',
    post(JSON.stringify({ type: 'QR_CODE', name: '🎉'.repeat(250_000) })),
    400,
    'VALIDATION_FAILED',
  ),
  rejects(
    'a name of 170,000 \\u escapes',
    post(`{"type":"QR_CODE","name":"${'\\u0041'.repeat(170_000)}"}`),
    400,
    'VALIDATION_FAILED',
  ),
  rejects(
    'a 3 MiB name',
    post(JSON.stringify({ type: 'QR_CODE', name: 'n'.repeat(3 * MiB) })),
    413,
    'PAYLOAD_TOO_LARGE',
  ),
  rejects(
    'an 8 MiB description',
    post(JSON.stringify({ type: 'QR_CODE', name: 'x', description: 'd'.repeat(8 * MiB) })),
    413,
    'PAYLOAD_TOO_LARGE',
  ),
  stores('a body of exactly 1 MiB', JSON.parse(bodyOfSize(MiB)), bodyOfSize(MiB)),

  // Unicode, stored and returned as sent (no normalisation, no mangling)
  stores('emoji, ZWJ sequences, flags and skin tones', {
    name: '🎉 Family 👩‍👩‍👧‍👦 🇵🇹 👍🏽',
    description: '☕️ and 🏔️',
    metadata: { '🔑': '😀', nested: ['👍🏿', '🏳️‍🌈'] },
  }),
  stores('right-to-left text and bidi overrides', {
    name: 'مدخل رئيسي QR',
    description: 'עברית \u202Eevil.exe\u202C and \u200Fmarks\u200E',
    metadata: { اسم: 'قيمة' },
  }),
  stores('combining marks, decomposed and precomposed', {
    name: 'cafe\u0301 ≠ café; Z\u0351\u0360\u0362a\u035Bl\u0344g\u0310o',
    description: 'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
    metadata: { 'n\u0303': 'ñ' },
  }),
  stores('astral-plane characters, a BOM and line separators', {
    name: '𝕏𝔸𝕄 \uFEFF \u2028 \u2029 end',
    metadata: { '\uFEFF': '\u2028' },
  }),
  stores('a lone surrogate escape', { name: 'lone \ud800 surrogate' }),

  // Control characters: escaped they are valid JSON and stored intact, except NUL, which no
  // store should take; raw they are not JSON
  rejectsAt(
    'JSON-escaped NUL and every C0 control character',
    post(
      JSON.stringify({
        type: 'QR_CODE',
        name: 'NUL \u0000 in the middle',
        description: C0_CONTROLS,
        metadata: { 'k\u0000ey': 'v\u0000\u001b[31m' },
        businessId: 'biz\u0000',
      }),
    ),
    '/name',
  ),
  stores('every JSON-escaped C0 control character but NUL', {
    name: 'SOH \u0001 in the middle',
    description: C0_CONTROLS.slice(1),
    metadata: { 'k\u0001ey': 'v\u001b[31m' },
    businessId: 'biz\u007f',
  }),
  rejectsAt('a JSON-escaped NUL in a metadata key', post(withMetadata('{"k\\u0000ey":"v"}')), '/metadata/k\u0000ey'),
  rejectsAt('a JSON-escaped NUL deep in metadata', post(withMetadata('{"a":[1,{"b":"x\\u0000"}]}')), '/metadata/a/1/b'),
  stores('an escaped backslash before the text u0000', { name: 'path C:\\u0000 stays text' }),
  rejects(
    'a raw control character inside a JSON string',
    post('{"type":"QR_CODE","name":"a\u0001b"}'),
    400,
    'MALFORMED_JSON',
  ),
  rejects('a raw NUL byte inside a JSON string', post('{"type":"QR_CODE","name":"a\u0000b"}'), 400, 'MALFORMED_JSON'),
  rejects('a raw NUL byte after the JSON', post('{"type":"QR_CODE","name":"x"}\u0000'), 400, 'MALFORMED_JSON'),

  // Prototype keys in bodies
  rejects(
    'a top-level __proto__ key',
    post('{"type":"QR_CODE","name":"x","__proto__":{"isActive":false,"polluted":true}}'),
    400,
    'MALFORMED_JSON',
  ),
  rejects('a __proto__ key in metadata', post(withMetadata('{"__proto__":{"polluted":true}}')), 400, 'MALFORMED_JSON'),
  rejects(
    'a __proto__ key deep in metadata',
    post(withMetadata('{"a":{"b":[{"__proto__":{"polluted":true}}]}}')),
    400,
    'MALFORMED_JSON',
  ),
  rejects(
    'a __proto__ key spelt with \\u escapes',
    post(withMetadata('{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true}}')),
    400,
    'MALFORMED_JSON',
  ),
  rejects(
    'a top-level constructor.prototype',
    post('{"type":"QR_CODE","name":"x","constructor":{"prototype":{"polluted":true}}}'),
    400,
    'MALFORMED_JSON',
  ),
  rejects(
    'a constructor.prototype in metadata',
    post(withMetadata('{"constructor":{"prototype":{"polluted":true}}}')),
    400,
    'MALFORMED_JSON',
  ),
  rejects(
    'an update with a __proto__ key in metadata',
    putLive(withMetadata('{"__proto__":{"polluted":true}}')),
    400,
    'MALFORMED_JSON',
  ),
  stores('constructor, prototype and toString as ordinary metadata keys', {
    metadata: { constructor: 'c', prototype: { polluted: true }, toString: 'not a function', hasOwnProperty: 1 },
  }),
  stores(
    'top-level prototype and constructor keys, which are ignored',
    {},
    '{"type":"QR_CODE","name":"Hostile but valid","prototype":{"polluted":true},"constructor":"c"}',
  ),

  // Prototype keys in query strings: unknown parameters like any other
  ...[
    '__proto__=x',
    '__proto__[polluted]=1',
    'constructor=x',
    'constructor[prototype][polluted]=1',
    'prototype=x',
    'prototype[polluted]=1',
  ].map((query) => rejects(`a list with the query ${query}`, list(query), 400, 'VALIDATION_FAILED')),

  // Duplicate keys: what the client meant is unknown, so neither value is taken
  rejectsAt(
    'duplicate name keys whose last value is invalid',
    post('{"type":"QR_CODE","name":"Valid first","name":7}'),
    '/name',
  ),
  rejectsAt(
    'duplicate name keys whose last value is valid',
    post('{"type":"QR_CODE","name":7,"name":"Second wins"}'),
    '/name',
  ),
  rejectsAt(
    'duplicate keys inside metadata',
    post(withMetadata('{"tokenConfig":{"tokenId":"1","tokenId":"2"}}')),
    '/metadata/tokenConfig/tokenId',
  ),
  rejectsAt('the same key spelled with an escape', post(withMetadata('{"a":1,"\\u0061":2}')), '/metadata/a'),
  stores('the same key in sibling objects', { metadata: { a: { id: 1 }, b: { id: 2 }, list: [{ id: 1 }, { id: 2 }] } }),

  // limit and page
  ...['0', '-1', '1.5', '1e309', '-1e309', 'NaN', 'Infinity', 'ten', '', '101'].map((value) =>
    rejects(`a list with limit=${value}`, list(`limit=${value}`), 400, 'VALIDATION_FAILED'),
  ),
  rejects('a list with limit given twice', list('limit=1&limit=2'), 400, 'VALIDATION_FAILED'),
  rejects('a list with the same limit given twice', list('limit=5&limit=5'), 400, 'VALIDATION_FAILED'),
  ...['0', '-1', '1.5', '1e309', 'NaN', 'two', '1000001'].map((value) =>
    rejects(`a list with page=${value}`, list(`limit=5&page=${value}`), 400, 'VALIDATION_FAILED'),
  ),
  rejects('a list with page given twice', list('limit=5&page=1&page=2'), 400, 'VALIDATION_FAILED'),

  // Ids
  ...idRows('of ..%2F..%2Fetc%2Fpasswd', '..%2F..%2Fetc%2Fpasswd', 404, 'TRIGGER_SOURCE_NOT_FOUND'),
  ...idRows('of ..%2F..%2F__mock%2Fhealth', '..%2F..%2F__mock%2Fhealth', 404, 'TRIGGER_SOURCE_NOT_FOUND'),
  ...idRows('of %2E%2E%2F%2E%2E%2F', '%2E%2E%2F%2E%2E%2F', 404, 'TRIGGER_SOURCE_NOT_FOUND'),
  ...idRows('with an encoded slash', 'a%2Fb', 404, 'TRIGGER_SOURCE_NOT_FOUND'),
  ...idRows('that is a double-encoded slash', '%252F..%252F', 404, 'TRIGGER_SOURCE_NOT_FOUND'),
  ...idRows('with encoded backslashes', '..%5C..%5Cwindows', 404, 'TRIGGER_SOURCE_NOT_FOUND'),
  ...idRows('that is an encoded NUL', '%00', 404, 'TRIGGER_SOURCE_NOT_FOUND'),
  ...idRows('of 10 KB', 'x'.repeat(10 * 1024), 404, 'TRIGGER_SOURCE_NOT_FOUND'),
  ...idRows('with a lone %', '%', 400, 'BAD_REQUEST', false),
  ...idRows('with an invalid escape %zz', '%zz', 400, 'BAD_REQUEST', false),
  ...idRows('with an overlong UTF-8 slash %C0%AF', '%C0%AF', 400, 'BAD_REQUEST', false),
  rejects(
    'a 10 KB id over a real socket',
    raw(
      ({ mock }) =>
        `GET /trigger-sources/${'x'.repeat(10 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `x-project-key: ${mock.first.projectKey}\r\nConnection: close\r\n\r\n`,
    ),
    404,
    'TRIGGER_SOURCE_NOT_FOUND',
  ),
  rejects(
    'an unnormalised ../ path over a real socket',
    raw(() => 'GET /trigger-sources/../../__mock/credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
    404,
    'ROUTE_NOT_FOUND',
    'TRIGGER_SOURCE_NOT_FOUND',
  ),

  // A thousand query parameters
  rejects(
    'a list with 1,000 unknown query parameters',
    list(manyParams(1_000, (i) => `p${i}=${i}`)),
    400,
    'VALIDATION_FAILED',
  ),
  rejects(
    'a list with type given 1,000 times',
    list(manyParams(1_000, () => 'type=QR_CODE')),
    400,
    'VALIDATION_FAILED',
  ),

  // CR, LF and NUL inside header values: only a raw socket can send them
  refuses('a header value containing a bare CR', raw(rawGet('X-Note: before\rafter'))),
  refuses('a header value containing a bare LF', raw(rawGet('X-Note: before\nafter'))),
  refuses('a bare LF smuggling a second header', raw(rawGet('X-Note: before\nx-admin-token: guessed'))),
  refuses('a header continued by obsolete line folding', raw(rawGet('X-Note: before\r\n after'))),
  refuses('a CRLF followed by a line that is not a header', raw(rawGet('X-Note: before\r\nnot a header line'))),
  refuses(
    'a project key containing a CR',
    raw((target) =>
      rawGet('X-Note: x')(target).replace(target.mock.first.projectKey, `${target.mock.first.projectKey}\r1`),
    ),
  ),
  refuses('a header value containing a NUL', raw(rawGet('X-Note: before\u0000after'))),
  refuses(
    'a request target containing a CR',
    raw(() => 'GET /trigger-sources?x=a\rb HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
  ),
];
