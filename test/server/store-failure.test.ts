import { Low } from 'lowdb';
import { describe, expect, it } from 'vitest';
import { mintDevJwt } from '../../src/auth/jwt.js';
import { seedStoreData } from '../../src/seed/seed-trigger-sources.js';
import { buildServer } from '../../src/server/build-server.js';
import { loadSpec } from '../../src/engine/load-spec.js';
import { StoreWriteError } from '../../src/store/journaled-file.js';
import type { StoreData, StorePersistence } from '../../src/store/store-data.js';
import { loadTenants } from '../../src/store/tenants.js';
import { TriggerSourceStore } from '../../src/store/trigger-source-store.js';

/** A disk that is full: every change is refused. */
class FullDisk implements StorePersistence {
  async read() {
    return null;
  }
  async write() {}
  async record() {
    throw new StoreWriteError('db.json.journal', new Error('ENOSPC: no space left on device'));
  }
  async close() {}
}

describe('a store that cannot write', () => {
  it('answers writes with a retryable 503 in the PERS shape, not a 500', async () => {
    const tenants = await loadTenants('fixtures/tenants.json');
    const data: StoreData = await seedStoreData(tenants.all, { seed: 1, recordsPerTenant: 2 });
    const persistence = new FullDisk();
    const store = new TriggerSourceStore(new Low(persistence, data), persistence);
    const app = await buildServer({
      spec: await loadSpec('openapi.yaml'),
      store,
      tenants,
      reseed: async () => data,
      storeDescription: { kind: 'file', path: 'db.json' },
      options: { logLevel: 'silent' },
    });
    const response = await app.inject({
      method: 'POST',
      url: '/trigger-sources',
      headers: { authorization: `Bearer ${await mintDevJwt(tenants.defaultTenant.id, undefined)}` },
      payload: { type: 'QR_CODE', name: 'Will not fit' },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true, category: 'TECHNICAL' });
    expect(response.body).not.toContain('ENOSPC');
    await app.close();
  });
});
