// This file is docs/frontend.md's "A mock inside your test suite" example, run as written.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer, type TriggerSource } from 'pers-mock';

let mock: RunningMockServer;
beforeAll(async () => {
  mock = await startMockServer({ seed: 7, records: 5 });
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

async function listTriggerSources(): Promise<TriggerSource[]> {
  const response = await fetch(`${mock.url}/v2/trigger-sources`, {
    headers: { 'x-project-key': mock.credentials.projectKey },
  });
  return response.json() as Promise<TriggerSource[]>;
}

describe('my trigger-source screen', () => {
  it('lists the seeded sources', async () => {
    expect(await listTriggerSources()).toHaveLength(5);
  });

  it('sees what it creates', async () => {
    await fetch(`${mock.url}/v2/trigger-sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mock.credentials.jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'QR_CODE', name: 'Lobby QR Code' }),
    });
    expect((await listTriggerSources()).map((s) => s.name)).toContain('Lobby QR Code');
  });

  it('starts each test from the seed again', async () => {
    expect(await listTriggerSources()).toHaveLength(5);
  });

  it('shows the error banner', async () => {
    const response = await fetch(`${mock.url}/v2/trigger-sources`, {
      headers: { 'x-project-key': mock.credentials.projectKey, prefer: 'code=503' },
    });
    expect(response.status).toBe(503);
  });
});

describe('startMockServer', () => {
  it('gives every instance its own state and port', async () => {
    const other = await startMockServer({ records: 2 });
    try {
      expect(other.url).not.toBe(mock.url);
      await fetch(`${other.url}/trigger-sources`, {
        method: 'POST',
        headers: { authorization: `Bearer ${other.credentials.jwt}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'API_WEBHOOK', name: 'Only here' }),
      });
      const otherList = (await (
        await fetch(`${other.url}/trigger-sources`, { headers: { 'x-project-key': other.credentials.projectKey } })
      ).json()) as TriggerSource[];
      expect(otherList).toHaveLength(3);
      expect(await listTriggerSources()).toHaveLength(5);
    } finally {
      await other.close();
    }
  });

  it('takes latency and error rate, and changes them while running', async () => {
    const flaky = await startMockServer({ errorRate: 1 });
    try {
      const url = `${flaky.url}/trigger-sources`;
      const headers = { 'x-project-key': flaky.credentials.projectKey };
      expect((await fetch(url, { headers })).status).toBe(503);
      flaky.setChaos({ errorRate: 0, latency: { min: 100, max: 100 } });
      const started = Date.now();
      expect((await fetch(url, { headers })).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
      await flaky.reset();
      expect((await fetch(url, { headers })).status).toBe(503);
    } finally {
      await flaky.close();
    }
  });

  it('gives credentials for every tenant', () => {
    expect(mock.credentials.tenants.map((t) => t.id)).toEqual(['tenant-harbour-coffee', 'tenant-summit-outdoor']);
    expect(mock.credentials.projectKey).toBe(mock.credentials.tenants[0].projectKey);
  });
});
