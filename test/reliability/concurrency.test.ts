import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs } from '../helpers/tenant-requests.js';
import { startTestMock, type TenantCredentials, type TestMock } from '../helpers/test-mock.js';

let mock: TestMock;
let url: string;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-concurrency-'));
  mock = await startTestMock({ db: join(dir, 'db.json'), records: 0 });
  await mock.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(mock.app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const call = (method: string, path: string, tenant: TenantCredentials, body?: object) =>
  callAs(url, method, path, tenant, body);

describe('concurrent writes', () => {
  it('1,000 concurrent creates across both tenants give 1,000 distinct ids, each listed under its own tenant only', async () => {
    const tenants = [mock.first, mock.second];
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        call('POST', '/trigger-sources', tenants[i % 2], { type: 'QR_CODE', name: `Concurrent ${i}` }).then((r) => ({
          ...r,
          tenant: i % 2,
        })),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1000);
    for (const [index, tenant] of tenants.entries()) {
      const listed = (await call('GET', '/trigger-sources', tenant)).body as Array<{ id: string }>;
      const own = results.filter((r) => r.tenant === index).map((r) => r.body.id);
      expect(listed).toHaveLength(500);
      expect(new Set(listed.map((s) => s.id))).toEqual(new Set(own));
    }
  });

  it('concurrent updates of one source end with one of them, the one with the later updatedAt', async () => {
    const { body: created } = await call('POST', '/trigger-sources', mock.first, {
      type: 'QR_CODE',
      name: 'Contended',
    });
    const updates = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('PUT', `/trigger-sources/${created.id}`, mock.first, { type: 'API_WEBHOOK', name: `Update ${i}` }),
      ),
    );
    expect(updates.every((u) => u.status === 200)).toBe(true);
    const last = updates
      .map((u) => u.body)
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
      .at(-1);
    expect(new Set(updates.map((u) => u.body.updatedAt)).size).toBe(20);
    expect((await call('GET', `/trigger-sources/${created.id}`, mock.first)).body).toEqual(last);
  });

  it('updates racing a delete: exactly one delete succeeds, updates after it are 404s, and the source ends deleted', async () => {
    const ids = await Promise.all(
      Array.from(
        { length: 50 },
        async (_, i) =>
          (await call('POST', '/trigger-sources', mock.first, { type: 'QR_CODE', name: `Race ${i}` })).body.id,
      ),
    );
    const outcomes = await Promise.all(
      ids.map(async (id) => {
        const path = `/trigger-sources/${id}`;
        const body = { type: 'QR_CODE', name: 'Raced' };
        const results = await Promise.all([
          call('PUT', path, mock.first, body),
          call('DELETE', path, mock.first),
          call('PUT', path, mock.first, body),
          call('DELETE', path, mock.first),
        ]);
        return { id, statuses: results.map((r) => r.status) };
      }),
    );
    for (const { id, statuses } of outcomes) {
      const deletes = [statuses[1], statuses[3]];
      expect(deletes.sort()).toEqual([200, 404]);
      expect([statuses[0], statuses[2]].every((s) => s === 200 || s === 404)).toBe(true);
      expect((await call('GET', `/trigger-sources/${id}`, mock.first)).status).toBe(404);
    }
  });
});
