import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevJwt } from '../../src/auth/jwt.js';
import { createMockServer, type MockServer } from '../../src/mock-server.js';
import { callAs } from '../helpers/tenant-requests.js';
import { freshPostgresStore } from '../helpers/test-store.js';
import { TcpRelay } from './tcp-relay.js';

interface Replica {
  mock: MockServer;
  url: string;
}

let storeUrl: string;
let a: Replica;
let b: Replica;
let tenants: Array<{ id: string; projectKey: string; jwt: string }>;

async function startReplica(store: string): Promise<Replica> {
  const mock = await createMockServer({ store, logLevel: 'silent', records: 0 });
  await mock.app.listen({ port: 0, host: '127.0.0.1' });
  return { mock, url: `http://127.0.0.1:${(mock.app.server.address() as { port: number }).port}` };
}

beforeAll(async () => {
  storeUrl = await freshPostgresStore();
  [a, b] = await Promise.all([startReplica(storeUrl), startReplica(storeUrl)]);
  tenants = await Promise.all(
    a.mock.tenants.all
      .slice(0, 2)
      .map(async (t) => ({ id: t.id, projectKey: t.projectKey, jwt: await mintDevJwt(t.id, undefined) })),
  );
});
afterAll(async () => {
  await Promise.all([a.mock.close(), b.mock.close()]);
});

function call(replica: Replica, method: string, path: string, body?: object, tenant = tenants[0]) {
  return callAs(replica.url, method, path, tenant, body);
}

describe('two replicas on one database', () => {
  it('create on A, then get and list on B; update on B, then read on A; delete on A, then B answers 404', async () => {
    // B lists first, so it holds a kept answer that the create must invalidate.
    expect((await call(b, 'GET', '/trigger-sources')).body).toEqual([]);
    const created = await call(a, 'POST', '/trigger-sources', { type: 'QR_CODE', name: 'Made on A' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(await call(b, 'GET', `/trigger-sources/${id}`)).toEqual({ status: 200, body: created.body });
    expect((await call(b, 'GET', '/trigger-sources')).body).toEqual([created.body]);

    expect((await call(a, 'GET', `/trigger-sources/${id}`)).body.name).toBe('Made on A');
    const updated = await call(b, 'PUT', `/trigger-sources/${id}`, { type: 'API_WEBHOOK', name: 'Changed on B' });
    expect(updated.status).toBe(200);
    expect(await call(a, 'GET', `/trigger-sources/${id}`)).toEqual({ status: 200, body: updated.body });
    expect((await call(a, 'GET', '/trigger-sources?type=API_WEBHOOK')).body).toEqual([updated.body]);

    expect((await call(a, 'DELETE', `/trigger-sources/${id}`)).status).toBe(200);
    expect((await call(b, 'GET', `/trigger-sources/${id}`)).body.code).toBe('TRIGGER_SOURCE_NOT_FOUND');
    expect((await call(b, 'GET', '/trigger-sources')).body).toEqual([]);
  });

  it('every write acknowledged on one replica is seen by the next read on the other, under concurrent load', async () => {
    const rounds = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
        const created = await call(writer, 'POST', '/trigger-sources', { type: 'QR_CODE', name: `Seen ${i}` });
        const read = await call(reader, 'GET', `/trigger-sources/${created.body.id}`);
        const listed = await call(reader, 'GET', '/trigger-sources?sortBy=name');
        return read.status === 200 && listed.body.some((s: { id: string }) => s.id === created.body.id);
      }),
    );
    expect(rounds.every(Boolean)).toBe(true);
  });

  it('1,000 concurrent creates spread over both replicas: ids unique, counts exact per tenant', async () => {
    await call(a, 'POST', '/__mock/reset', { records: 0 });
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        call(
          [a, b][i % 2],
          'POST',
          '/trigger-sources',
          { type: 'QR_CODE', name: `Storm ${i}` },
          tenants[(i >> 1) % 2],
        ).then((r) => ({ ...r, tenant: (i >> 1) % 2 })),
      ),
    );
    expect(results.filter((r) => r.status !== 201)).toEqual([]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1000);
    for (const [index, tenant] of tenants.entries()) {
      const own = new Set(results.filter((r) => r.tenant === index).map((r) => r.body.id));
      for (const replica of [a, b]) {
        const listed = (await call(replica, 'GET', '/trigger-sources', undefined, tenant)).body as Array<{
          id: string;
        }>;
        expect(listed).toHaveLength(500);
        expect(new Set(listed.map((s) => s.id))).toEqual(own);
      }
    }
  });

  it('POST /__mock/reset on one replica resets the dataset every replica serves', async () => {
    await call(a, 'POST', '/trigger-sources', { type: 'QR_CODE', name: 'Before reset' });
    const before = (await call(b, 'GET', '/trigger-sources')).body as unknown[];
    expect(before.length).toBeGreaterThan(0);
    const reset = await call(b, 'POST', '/__mock/reset', { records: 3, seed: 7 });
    expect(reset.body).toMatchObject({ status: 'reset', triggerSources: 6 });
    expect((await call(a, 'GET', '/trigger-sources')).body).toHaveLength(3);
    const health = await fetch(`${a.url}/__mock/health`).then((r) => r.json());
    expect(health).toMatchObject({
      store: { kind: 'postgres', triggerSources: 6 },
      seed: { seed: 7, recordsPerTenant: 3 },
    });
  });

  it('chaos settings changed through one replica apply to the other', async () => {
    const put = await fetch(`${a.url}/__mock/chaos`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 1 }),
    });
    expect(put.status).toBe(200);
    let seen: { errorRate: number } | undefined;
    for (let attempt = 0; attempt < 100 && seen?.errorRate !== 1; attempt++) {
      seen = (await fetch(`${b.url}/__mock/chaos`).then((r) => r.json())) as { errorRate: number };
      if (seen?.errorRate !== 1) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen?.errorRate).toBe(1);
    expect((await call(b, 'GET', '/trigger-sources')).body.code).toBe('SERVICE_UNAVAILABLE');
    // A replica that starts later takes the shared settings too.
    const late = await createMockServer({ store: storeUrl, logLevel: 'silent' });
    expect(late.chaos.settings.errorRate).toBe(1);
    await late.close();
    await fetch(`${b.url}/__mock/chaos`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 0 }),
    });
  });
});

describe('a replica that was the only one', () => {
  it('serves its kept answers without asking the database, and a replica that joins is seen at once', async () => {
    const store = await freshPostgresStore();
    const { relay, url: relayed } = await TcpRelay.inFrontOf(store);
    const alone = await startReplica(relayed);
    try {
      const tenant = { ...tenants[0] };
      expect((await callAs(alone.url, 'GET', '/trigger-sources', tenant)).body).toEqual([]);
      const own = await callAs(alone.url, 'POST', '/trigger-sources', tenant, { type: 'QR_CODE', name: 'Own' });
      expect((await callAs(alone.url, 'GET', '/trigger-sources', tenant)).body).toEqual([own.body]);

      // Alone, a kept answer needs no query at all, not even of the shared revision: it is given
      // while the database cannot be reached, for as long as the lease lasts.
      await relay.cut();
      const kept = await callAs(alone.url, 'GET', '/trigger-sources', tenant);
      await relay.restore();
      expect(kept).toEqual({ status: 200, body: [own.body] });

      // The newcomer's first change comes within the lease the first one holds; it is seen anyway.
      const joined = await startReplica(store);
      try {
        const made = await callAs(joined.url, 'POST', '/trigger-sources', tenant, { type: 'QR_CODE', name: 'New' });
        expect(made.status).toBe(201);
        const listed = (await callAs(alone.url, 'GET', '/trigger-sources', tenant)).body as Array<{ id: string }>;
        expect(listed.map((s) => s.id).sort()).toEqual([own.body.id, made.body.id].sort());
      } finally {
        await joined.mock.close();
      }
    } finally {
      await alone.mock.close();
      await relay.cut();
    }
  });
});
