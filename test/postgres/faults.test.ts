import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { mintDevJwt } from '../../src/auth/jwt.js';
import { createMockServer } from '../../src/mock-server.js';
import { startCli } from '../helpers/cli-process.js';
import { createInFlight } from '../helpers/tenant-requests.js';
import { freshPostgresStore } from '../helpers/test-store.js';
import { TcpRelay } from './tcp-relay.js';

/** How many times the database is lost and comes back while the load runs. */
const LOSSES = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function credentials(tenantId: string) {
  return { authorization: `Bearer ${await mintDevJwt(tenantId, undefined)}`, 'content-type': 'application/json' };
}

describe('losing the database', () => {
  it('while serving: 503 STORE_UNAVAILABLE (retryable), never a 500, then recovery without a restart', async () => {
    const { relay, url } = await TcpRelay.inFrontOf(await freshPostgresStore());
    const mock = await createMockServer({ store: url, logLevel: 'silent', records: 5 });
    await mock.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(mock.app.server.address() as { port: number }).port}`;
    const tenant = mock.tenants.all[0];
    const writeHeaders = await credentials(tenant.id);
    const statuses: Array<{ phase: string; cycle: number; status: number; code?: string }> = [];
    let phase = 'before';
    let cycle = 0;
    let running = true;
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const response =
          (n + i) % 2 === 0
            ? await fetch(`${base}/trigger-sources?limit=3`, { headers: { 'x-project-key': tenant.projectKey } })
            : await fetch(`${base}/trigger-sources`, {
                method: 'POST',
                headers: writeHeaders,
                body: JSON.stringify({ type: 'QR_CODE', name: `Load ${n}-${i}` }),
              });
        const body = (await response.json()) as { code?: string };
        statuses.push({ phase, cycle, status: response.status, code: response.status >= 400 ? body.code : undefined });
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, n) => client(n)));
    await sleep(700);
    // Several losses: connections that die with queries in flight leave the client in a different
    // state each time, and it must recover from every one.
    for (cycle = 1; cycle <= LOSSES; cycle++) {
      phase = 'lost';
      await relay.cut();
      await sleep(1500);
      phase = 'back';
      await relay.restore();
      await sleep(1500);
    }
    running = false;
    await load;

    expect(statuses.filter((s) => s.status >= 500 && s.status !== 503)).toEqual([]);
    expect(statuses.filter((s) => s.phase === 'before').every((s) => s.status < 300)).toBe(true);
    for (let lost = 1; lost <= LOSSES; lost++) {
      const during = statuses.filter((s) => s.phase === 'lost' && s.cycle === lost);
      expect(during.length).toBeGreaterThan(0);
      expect(during.filter((s) => s.status === 503).every((s) => s.code === 'STORE_UNAVAILABLE')).toBe(true);
      expect(during.filter((s) => s.status === 503).length).toBeGreaterThan(during.length / 2);
      // Recovered: the last answers are successes again.
      const back = statuses.filter((s) => s.phase === 'back' && s.cycle === lost);
      expect(back.slice(-10).every((s) => s.status < 300)).toBe(true);
    }
    const retried = await fetch(`${base}/trigger-sources`, {
      method: 'POST',
      headers: writeHeaders,
      body: JSON.stringify({ type: 'QR_CODE', name: 'After' }),
    });
    expect(retried.status).toBe(201);
    await mock.close();
    await relay.cut();
  }, 60_000);
});

describe('replicas that die', () => {
  it('SIGKILL of one replica during a write storm: every acknowledged write is there through the other', async () => {
    const store = await freshPostgresStore();
    const [doomed, survivor] = await Promise.all([
      startCli(['--store', store, '--records', '0']),
      startCli(['--store', store, '--records', '0']),
    ]);
    const credentialsOf = await fetch(`${survivor.url}/__mock/credentials`).then(
      (r) => r.json() as Promise<{ tenants: Array<{ id: string; projectKey: string; jwt: string }> }>,
    );
    const tenant = credentialsOf.tenants[0];
    const acknowledged: string[] = [];
    let failed = 0;
    const writer = async (n: number) => {
      for (let i = 0; ; i++) {
        try {
          const response = await fetch(`${doomed.url}/trigger-sources`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tenant.jwt}`, 'content-type': 'application/json' },
            body: JSON.stringify({ type: 'QR_CODE', name: `Storm ${n}-${i}` }),
          });
          if (response.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
        } catch {
          failed++;
          return;
        }
      }
    };
    const storm = Promise.all(Array.from({ length: 16 }, (_, n) => writer(n)));
    await sleep(1500);
    await doomed.stop('SIGKILL');
    await storm;
    expect(acknowledged.length).toBeGreaterThan(50);
    expect(failed).toBeGreaterThan(0);
    const listed = (await fetch(`${survivor.url}/trigger-sources`, {
      headers: { 'x-project-key': tenant.projectKey },
    }).then((r) => r.json())) as Array<{ id: string }>;
    const present = new Set(listed.map((s) => s.id));
    expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
    expect(await survivor.stop()).toBe(0);
  }, 60_000);

  it('SIGTERM answers the requests in flight (each committed), then closes its connections and exits 0', async () => {
    const name = `pers-mock-drain-${process.pid}-${Date.now()}`;
    const store = new URL(await freshPostgresStore());
    store.searchParams.set('application_name', name);
    const replica = await startCli(['--store', store.href, '--records', '0']);
    const { tenants } = await fetch(`${replica.url}/__mock/credentials`).then(
      (r) => r.json() as Promise<{ tenants: Array<{ id: string; jwt: string }> }>,
    );
    const inFlight = Array.from({ length: 200 }, (_, i) => createInFlight(replica.url, tenants[0].jwt, i));
    await sleep(50);
    const stoppedAt = Date.now();
    expect(await replica.stop('SIGTERM')).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    const answered = (await Promise.all(inFlight)).filter((r) => r !== undefined);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((r) => r.status === 201)).toBe(true);

    const admin = postgres(process.env.PERS_MOCK_TEST_PG_URL!, { max: 1, onnotice: () => {} });
    const left = await admin`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${name}`;
    await admin.end();
    expect(left[0].n).toBe(0);
    const survivor = await createMockServer({ store: store.href, logLevel: 'silent' });
    const stored = await survivor.store.list(tenants[0].id);
    await survivor.close();
    expect(new Set(stored.map((s) => s.id))).toEqual(new Set(answered.map((r) => r.id)));
  }, 30_000);
});
