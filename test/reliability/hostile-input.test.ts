import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectKey, startTestMock, type TestMock } from '../helpers/test-mock.js';
import { hostileRows, type HostileRow, type HostileTarget } from './hostile-rows.js';
import { expectPersError, documentedErrorTable, type Exchange } from './pers-error-shape.js';

/*
 * One server takes the whole table, as a shared sandbox would: every row asserts its answer and
 * then that the server is still healthy (health, a full list over inject and over its socket, an
 * untouched Object.prototype). Between rows the data is reseeded so that one row's leftovers
 * cannot fail the next; a row that breaks the store fails its own health check first.
 */

const errorTable = documentedErrorTable();
const MiB = 1024 * 1024;

let mock: TestMock;
let target: HostileTarget;
let baseUrl: string;
const prototypeBefore = new Map(
  Reflect.ownKeys(Object.prototype).map((key) => [key, Object.getOwnPropertyDescriptor(Object.prototype, key)]),
);

beforeAll(async () => {
  mock = await startTestMock();
  await mock.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = mock.app.server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${port}`;
  const live = (
    await mock.request({ method: 'GET', url: '/trigger-sources?limit=1', headers: projectKey(mock.first) })
  ).json();
  target = { mock, port, liveId: live[0].id };
});
afterEach(() => reseed());
afterAll(() => mock.close());

describe('hostile input', () => {
  it.each(hostileRows.map((row) => [row.input, row.outcome, row] as const))(
    'answers %s with %s',
    async (_input, _outcome, row) => {
      const exchange = await row.send(target);
      expect(exchange.status, `${row.input}: never a 5xx`).toBeLessThan(500);
      await expectAnswer(row, exchange);
      await expectHealthy();
    },
  );

  it('comes back to its baseline heap after the whole table, run three more times', async () => {
    const gc = exposeGc();
    // Two warm-up passes: compiled validators, JIT code and Fastify's caches are not leaks.
    for (let pass = 0; pass < 2; pass++) await runTable();
    const baseline = await heapAfterGc(gc);
    for (let pass = 0; pass < 3; pass++) await runTable();
    const after = await heapAfterGc(gc);
    // Each pass sends ~140 requests and ~28 MB of bodies. Over three passes a leak of ~60 KB per
    // request, or of each pass's 5 and 8 MiB bodies, passes the margin; GC noise stays far below it.
    expect((after - baseline) / MiB, `heap grew from ${mb(baseline)} to ${mb(after)}`).toBeLessThan(25);
    await expectHealthy();
  }, 120_000);
});

async function expectAnswer(row: HostileRow, exchange: Exchange): Promise<void> {
  const expected = row.expected;
  switch (expected.kind) {
    case 'error': {
      const body = expectPersError(exchange, expected.status, expected.codes, errorTable);
      if (expected.violationAt !== undefined) {
        const paths = (body.details as { violations: Array<{ path: string }> }).violations.map((v) => v.path);
        expect(paths, exchange.body).toContain(expected.violationAt);
      }
      return;
    }
    case 'refused':
      expect(exchange.status, exchange.body).toBe(expected.status);
      return;
    case 'stored': {
      expect(exchange.status, exchange.body.slice(0, 400)).toBe(201);
      const created = JSON.parse(exchange.body);
      expect(Object.keys(created).sort()).toEqual([
        'analytics',
        'businessId',
        'createdAt',
        'description',
        'id',
        'isActive',
        'metadata',
        'name',
        'type',
        'updatedAt',
      ]);
      expect(created).toMatchObject(expected.fields);
      const readBack = await mock.request({
        method: 'GET',
        url: `/trigger-sources/${created.id}`,
        headers: projectKey(mock.first),
      });
      expect(readBack.statusCode).toBe(200);
      expect(readBack.json()).toEqual(created);
      // Byte for byte: the stored strings serialise exactly as the created ones did.
      expect(readBack.body).toBe(exchange.body);
    }
  }
}

/** Health answers, a full list of the first tenant works both ways, and nothing leaked into Object.prototype. */
async function expectHealthy(): Promise<void> {
  const health = await mock.app.inject({ method: 'GET', url: '/__mock/health' });
  expect(health.statusCode).toBe(200);
  expect(health.json().status).toBe('ok');
  const listed = await mock.request({ method: 'GET', url: '/trigger-sources', headers: projectKey(mock.first) });
  expect(listed.statusCode, listed.body.slice(0, 300)).toBe(200);
  expect(listed.json()).toHaveLength((await mock.store.list(mock.first.id)).length);
  const overSocket = await fetch(`${baseUrl}/trigger-sources?limit=3`, { headers: projectKey(mock.first) });
  expect(overSocket.status).toBe(200);
  expect(await overSocket.json()).toHaveLength(3);
  expect(objectPrototypeChanges()).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  for (const record of listed.json()) expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
}

async function reseed(): Promise<void> {
  const reset = await mock.app.inject({ method: 'POST', url: '/__mock/reset' });
  expect(reset.statusCode).toBe(200);
}

/** Sends every row, ignoring the answers (the rows above judge those). */
async function runTable(): Promise<void> {
  for (const row of hostileRows) await row.send(target).catch(() => undefined);
  await reseed();
}

/** Properties of Object.prototype added, removed or replaced since the file started. */
function objectPrototypeChanges(): string[] {
  const keys = new Set([...prototypeBefore.keys(), ...Reflect.ownKeys(Object.prototype)]);
  const changed = [...keys].filter((key) => {
    const before = prototypeBefore.get(key);
    const now = Object.getOwnPropertyDescriptor(Object.prototype, key);
    return !before || !now || before.value !== now.value || before.get !== now.get || before.set !== now.set;
  });
  return changed.map(String);
}

function exposeGc(): () => void {
  v8.setFlagsFromString('--expose_gc');
  return vm.runInNewContext('gc') as () => void;
}

async function heapAfterGc(gc: () => void): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;
