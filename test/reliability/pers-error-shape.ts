import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** What a client sees of one HTTP exchange, however it was made (inject or a raw socket). */
export interface Exchange {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

export interface DocumentedError {
  status: number;
  category: string;
}

/**
 * The error table of docs/behaviour.md (`| \`CODE\` | status | category | when |`), read from the
 * page itself so that a code the mock answers with but the docs do not list fails here.
 */
export function documentedErrorTable(page = readFileSync('docs/behaviour.md', 'utf8')): Map<string, DocumentedError> {
  const section = page.split('\n## Errors\n')[1].split('\n## ')[0];
  const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| ([A-Z_]+) \|/gm)];
  return new Map(rows.map(([, code, status, category]) => [code, { status: Number(status), category }]));
}

const PERS_ERROR_FIELDS = {
  status: 'number',
  title: 'string',
  detail: 'string',
  message: 'string',
  code: 'string',
  category: 'string',
  timestamp: 'string',
  correlationId: 'string',
  retryable: 'boolean',
  domain: 'string',
} as const;

/**
 * Asserts a PERS structured error: every field with its type, a status and category matching the
 * documented row for the code, the correlation id echoed in the header, and no stack trace.
 * Returns the parsed body.
 */
export function expectPersError(
  exchange: Exchange,
  status: number,
  codes: readonly string[],
  table: Map<string, DocumentedError>,
) {
  const context = `${exchange.status} ${exchange.body.slice(0, 400)}`;
  expect(exchange.status, context).toBe(status);
  expect(String(exchange.headers['content-type']), context).toMatch(/^application\/json/);
  const body = JSON.parse(exchange.body) as Record<string, unknown>;
  for (const [field, type] of Object.entries(PERS_ERROR_FIELDS)) {
    expect(typeof body[field], `${field} in ${context}`).toBe(type);
  }
  expect(codes, context).toContain(body.code);
  const documented = table.get(String(body.code));
  expect(documented, `${String(body.code)} is in the documented error table`).toBeDefined();
  expect(body.status).toBe(status);
  expect({ status: body.status, category: body.category }).toEqual(documented);
  expect(body.detail).toBe(body.message);
  expect(new Date(String(body.timestamp)).toISOString()).toBe(body.timestamp);
  expect(body.correlationId).toBe(exchange.headers['x-correlation-id']);
  expect(exchange.body).not.toMatch(/\bat .*\.(js|ts|mjs|cjs):\d+/);
  return body;
}
