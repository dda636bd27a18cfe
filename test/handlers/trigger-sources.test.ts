import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriggerSourceDto } from '../../src/handlers/trigger-source-handlers.js';
import { bearer, projectKey, startTestMock, validBody, type TestMock } from '../helpers/test-mock.js';

let mock: TestMock;
beforeEach(async () => {
  mock = await startTestMock();
});
afterEach(() => mock.close());

const list = async (query = '', credentials = mock.first) => {
  const response = await mock.request({
    method: 'GET',
    url: `/trigger-sources${query}`,
    headers: projectKey(credentials),
  });
  expect(response.statusCode).toBe(200);
  return response.json<TriggerSourceDto[]>();
};
const create = async (body: object = validBody, credentials = mock.first) => {
  const response = await mock.request({
    method: 'POST',
    url: '/trigger-sources',
    headers: bearer(credentials),
    payload: body,
  });
  expect(response.statusCode).toBe(201);
  return response.json<TriggerSourceDto>();
};

describe('create', () => {
  it('answers 201 with a server-assigned UUID, isActive true, analytics null and createdAt = updatedAt', async () => {
    const before = Date.now();
    const created = await create();
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created).toMatchObject({ ...validBody, isActive: true, analytics: null });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(before - 1);
  });

  it('fills omitted optional fields: description and businessId null (tenant-wide), metadata {}', async () => {
    const created = await create({ type: 'API_WEBHOOK', name: 'Order Webhook' });
    expect(created).toMatchObject({ description: null, businessId: null, metadata: {} });
  });

  it('makes the new source visible in the list and by id', async () => {
    const created = await create();
    expect((await list()).map((s) => s.id)).toContain(created.id);
    const got = await mock.request({
      method: 'GET',
      url: `/trigger-sources/${created.id}`,
      headers: projectKey(mock.first),
    });
    expect(got.json()).toEqual(created);
  });

  it('keeps unicode intact', async () => {
    const name = 'Café 🎉 مدخل رئيسي e\u0301';
    const created = await create({ type: 'QR_CODE', name });
    const got = await mock.request({
      method: 'GET',
      url: `/trigger-sources/${created.id}`,
      headers: projectKey(mock.first),
    });
    expect(got.json().name).toBe(name);
  });
});

describe('list', () => {
  it('shows every change at once when the same page is asked for again', async () => {
    const page = '?sortBy=name&sortOrder=ASC&limit=100';
    const before = await list(page);
    const created = await create({ type: 'QR_CODE', name: 'Aaa first by name' });
    expect((await list(page))[0].id).toBe(created.id);
    const renamed = await mock.request({
      method: 'PUT',
      url: `/trigger-sources/${created.id}`,
      headers: bearer(mock.first),
      payload: { type: 'QR_CODE', name: 'Aab renamed' },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await list(page))[0]).toMatchObject({ id: created.id, name: 'Aab renamed' });
    await mock.request({ method: 'DELETE', url: `/trigger-sources/${created.id}`, headers: bearer(mock.first) });
    expect(await list(page)).toEqual(before);
    await mock.request({ method: 'POST', url: '/__mock/reset', payload: { records: 3 } });
    expect(await list(page)).toHaveLength(3);
  });

  it('returns every live source of the tenant when no limit is given (25 seeded by default)', async () => {
    expect(await list()).toHaveLength(25);
  });

  it('orders by createdAt ascending, then id, by default', async () => {
    const sources = await list();
    const keys = sources.map((s) => `${s.createdAt}|${s.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it.each([
    ['type=QR_CODE', (s: TriggerSourceDto) => s.type === 'QR_CODE'],
    ['type=API_WEBHOOK', (s: TriggerSourceDto) => s.type === 'API_WEBHOOK'],
    ['active=false', (s: TriggerSourceDto) => s.isActive === false],
    ['active=true', (s: TriggerSourceDto) => s.isActive === true],
  ])('filters with %s', async (query, predicate) => {
    const all = await list();
    const filtered = await list(`?${query}`);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every(predicate)).toBe(true);
    expect(filtered).toHaveLength(all.filter(predicate).length);
  });

  it('filters by businessId and AND-combines filters', async () => {
    const all = await list();
    const businessId = all.find((s) => s.businessId && s.type === 'QR_CODE')!.businessId;
    const filtered = await list(`?businessId=${businessId}&type=QR_CODE`);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toHaveLength(all.filter((s) => s.businessId === businessId && s.type === 'QR_CODE').length);
  });

  it('finds seeded sources by campaignId and nothing for an unknown campaign', async () => {
    const campaignId = mock.tenants.all[0].campaigns[0].id;
    const linked = (await mock.store.list(mock.first.id)).filter((r) => r.campaignIds.includes(campaignId));
    expect(linked.length).toBeGreaterThan(0);
    expect((await list(`?campaignId=${campaignId}`)).map((s) => s.id).sort()).toEqual(linked.map((r) => r.id).sort());
    expect(await list('?campaignId=no-such-campaign')).toEqual([]);
  });

  it.each<['name' | 'createdAt' | 'type', 'ASC' | 'DESC']>([
    ['name', 'ASC'],
    ['name', 'DESC'],
    ['createdAt', 'DESC'],
    ['type', 'ASC'],
  ])('sorts by %s %s', async (field, order) => {
    const sorted = (await list(`?sortBy=${field}&sortOrder=${order}`)).map((s) => s[field]);
    const expected = [...sorted].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(sorted).toEqual(order === 'ASC' ? expected : expected.reverse());
  });

  it('pages with 1-based page and limit, without overlap or gaps, and answers [] past the end', async () => {
    const all = await list();
    const pages = [];
    for (let page = 1; page <= 3; page++) pages.push(...(await list(`?limit=10&page=${page}`)));
    expect(pages.map((s) => s.id)).toEqual(all.map((s) => s.id));
    expect(await list('?limit=10&page=4')).toEqual([]);
    expect((await list('?limit=10')).map((s) => s.id)).toEqual(all.slice(0, 10).map((s) => s.id));
  });

  it.each([
    'limit=0',
    'limit=101',
    'limit=-1',
    'limit=2.5',
    'limit=abc',
    'page=0',
    'page=-3',
    'page=1.5',
    'limit=1&limit=2',
  ])('rejects %s with a 400 naming the parameter', async (query) => {
    const response = await mock.request({
      method: 'GET',
      url: `/trigger-sources?${query}`,
      headers: projectKey(mock.first),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', target: query.split('=')[0] });
  });

  it.each(['type=NFC', 'sortBy=id', 'sortOrder=asc', 'active=maybe'])('rejects %s with a 400', async (query) => {
    const response = await mock.request({
      method: 'GET',
      url: `/trigger-sources?${query}`,
      headers: projectKey(mock.first),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.violations[0]).toMatchObject({ location: 'query', path: `/${query.split('=')[0]}` });
  });
});

describe('update', () => {
  it('replaces the settable fields, keeps id, createdAt, isActive and analytics, and moves updatedAt forward', async () => {
    const seeded = (await list()).find((s) => s.analytics !== null && s.businessId !== null)!;
    const response = await mock.request({
      method: 'PUT',
      url: `/trigger-sources/${seeded.id}`,
      headers: bearer(mock.first),
      payload: { type: 'API_WEBHOOK', name: 'Renamed Webhook' },
    });
    expect(response.statusCode).toBe(200);
    const updated = response.json();
    expect(updated).toMatchObject({
      id: seeded.id,
      type: 'API_WEBHOOK',
      name: 'Renamed Webhook',
      description: null,
      businessId: null,
      metadata: {},
      createdAt: seeded.createdAt,
      isActive: seeded.isActive,
      analytics: seeded.analytics,
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(seeded.updatedAt));
    const got = await mock.request({
      method: 'GET',
      url: `/trigger-sources/${seeded.id}`,
      headers: projectKey(mock.first),
    });
    expect(got.json()).toEqual(updated);
  });

  it('answers 404 for an unknown id and 400 for an invalid body', async () => {
    const missing = await mock.request({
      method: 'PUT',
      url: '/trigger-sources/nope',
      headers: bearer(mock.first),
      payload: validBody,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('TRIGGER_SOURCE_NOT_FOUND');
    const [source] = await list();
    const invalid = await mock.request({
      method: 'PUT',
      url: `/trigger-sources/${source.id}`,
      headers: bearer(mock.first),
      payload: { name: 5 },
    });
    expect(invalid.statusCode).toBe(400);
  });
});

describe('delete', () => {
  it('soft-deletes: 200 with no body, gone from lists, and every later get, update or delete is a 404', async () => {
    const created = await create();
    const url = `/trigger-sources/${created.id}`;
    const deleted = await mock.request({ method: 'DELETE', url, headers: bearer(mock.first) });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.body).toBe('');
    expect((await list()).map((s) => s.id)).not.toContain(created.id);
    for (const request of [
      { method: 'GET' as const, headers: projectKey(mock.first) },
      { method: 'PUT' as const, headers: bearer(mock.first), payload: validBody },
      { method: 'DELETE' as const, headers: bearer(mock.first) },
    ]) {
      const response = await mock.request({ url, ...request });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('TRIGGER_SOURCE_NOT_FOUND');
    }
    const record = await mock.store.getEvenIfDeleted(mock.first.id, created.id);
    expect(record?.deletedAt).not.toBeNull();
  });
});

describe('tenant isolation', () => {
  it("never shows one tenant another tenant's sources: lists differ, and get/update/delete are 404s", async () => {
    const created = await create(validBody, mock.first);
    expect((await list('', mock.second)).map((s) => s.id)).not.toContain(created.id);
    const url = `/trigger-sources/${created.id}`;
    const attempts = [
      await mock.request({ method: 'GET', url, headers: projectKey(mock.second) }),
      await mock.request({ method: 'PUT', url, headers: bearer(mock.second), payload: validBody }),
      await mock.request({ method: 'DELETE', url, headers: bearer(mock.second) }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([404, 404, 404]);
    const still = await mock.request({ method: 'GET', url, headers: projectKey(mock.first) });
    expect(still.json()).toEqual(created);
  });

  it('seeds each tenant with its own sources', async () => {
    const first = new Set((await list('', mock.first)).map((s) => s.id));
    const second = await list('', mock.second);
    expect(second).toHaveLength(25);
    expect(second.some((s) => first.has(s.id))).toBe(false);
  });
});

describe('base path', () => {
  it('serves every operation under /v2 as well as at the root', async () => {
    const created = (
      await mock.request({
        method: 'POST',
        url: '/v2/trigger-sources',
        headers: bearer(mock.first),
        payload: validBody,
      })
    ).json();
    const viaRoot = await mock.request({
      method: 'GET',
      url: `/trigger-sources/${created.id}`,
      headers: projectKey(mock.first),
    });
    const viaV2 = await mock.request({
      method: 'GET',
      url: `/v2/trigger-sources/${created.id}`,
      headers: projectKey(mock.first),
    });
    expect(viaV2.json()).toEqual(viaRoot.json());
    const listed = await mock.request({
      method: 'GET',
      url: '/v2/trigger-sources?limit=1',
      headers: projectKey(mock.first),
    });
    expect(listed.json()).toHaveLength(1);
  });
});
