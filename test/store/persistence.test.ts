import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, projectKey, startTestMock, validBody } from '../helpers/test-mock.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('a file store', () => {
  it('seeds on first start, and keeps creates, updates and deletes across a restart', async () => {
    const db = join(dir, 'nested', 'db.json');
    const first = await startTestMock({ db });
    expect(first.seeded).toBe(true);
    const created = (
      await first.request({ method: 'POST', url: '/trigger-sources', headers: bearer(first.first), payload: validBody })
    ).json();
    const [victim] = (
      await first.request({ method: 'GET', url: '/trigger-sources?limit=1', headers: projectKey(first.first) })
    ).json();
    await first.request({ method: 'DELETE', url: `/trigger-sources/${victim.id}`, headers: bearer(first.first) });
    await first.close();

    const second = await startTestMock({ db, seed: 99 });
    expect(second.seeded).toBe(false);
    const got = await second.request({
      method: 'GET',
      url: `/trigger-sources/${created.id}`,
      headers: projectKey(second.first),
    });
    expect(got.json()).toEqual(created);
    const gone = await second.request({
      method: 'GET',
      url: `/trigger-sources/${victim.id}`,
      headers: projectKey(second.first),
    });
    expect(gone.statusCode).toBe(404);
    expect(JSON.parse(await readFile(db, 'utf8')).seed.seed).toBe(2013);
    await second.close();
  });

  it.each([
    ['not JSON', '{"formatVersion": 1, "triggerSources": [', /is not valid JSON/],
    ['not a store', '[1, 2, 3]', /does not hold a pers-mock store/],
    ['from a newer version', '{"formatVersion": 99, "triggerSources": []}', /newer pers-mock \(store format 99/],
  ])('refuses to start on a file that is %s, naming the file and the way out', async (_label, content, problem) => {
    const db = join(dir, 'db.json');
    await writeFile(db, content);
    await expect(startTestMock({ db })).rejects.toThrow(problem);
    await expect(startTestMock({ db })).rejects.toThrow(new RegExp(`${db}.*--recover`));
    expect(await readFile(db, 'utf8')).toBe(content);
  });

  it('with recover, moves an unreadable file aside and seeds a fresh store', async () => {
    const db = join(dir, 'db.json');
    await writeFile(db, 'garbage');
    const mock = await startTestMock({ db, recover: true });
    expect(mock.storeOrigin).toBe('recovered');
    expect(mock.movedAside).toMatch(/db\.json\.unreadable-\d+$/);
    expect(await readFile(mock.movedAside!, 'utf8')).toBe('garbage');
    expect((await readdir(dir)).sort()).toEqual(['db.json', 'db.json.journal', mock.movedAside!.split('/').pop()]);
    await mock.close();
  });
  it('with fresh, discards what the store held, journal included, and seeds it from seed and records', async () => {
    const db = join(dir, 'db.json');
    const first = await startTestMock({ db });
    await first.request({ method: 'POST', url: '/trigger-sources', headers: bearer(first.first), payload: validBody });
    // Closed as a crash would leave it: the create is in the journal, not yet in the snapshot.
    await first.app.close();
    const second = await startTestMock({ db, fresh: true, seed: 5, records: 2 });
    expect(second.storeOrigin).toBe('fresh');
    const listed = await second.request({ method: 'GET', url: '/trigger-sources', headers: projectKey(second.first) });
    expect(listed.json()).toHaveLength(2);
    await second.close();
    const third = await startTestMock({ db });
    expect(third.storeOrigin).toBe('loaded');
    expect(third.store.countLive()).toBe(4);
    expect((await third.app.inject({ method: 'GET', url: '/__mock/health' })).json()).toMatchObject({
      seed: { seed: 5, recordsPerTenant: 2 },
    });
    await third.close();
  });
});

describe('POST /__mock/reset', () => {
  it.each([
    ['no body and no content type', {}],
    ['an empty form body (curl -d "")', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['an empty JSON body', { 'content-type': 'application/json' }],
    ['an empty text body', { 'content-type': 'text/plain' }],
  ])('takes %s as no options', async (_name, headers) => {
    const mock = await startTestMock({ records: 1 });
    const reset = await mock.app.inject({ method: 'POST', url: '/__mock/reset', headers, payload: '' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toMatchObject({ status: 'reset', triggerSources: 2 });
    await mock.close();
  });

  it('still refuses a body that is not JSON', async () => {
    const mock = await startTestMock();
    const reset = await mock.app.inject({
      method: 'POST',
      url: '/__mock/reset',
      headers: { 'content-type': 'text/plain' },
      payload: 'records=1',
    });
    expect(reset.statusCode).toBe(415);
    expect(reset.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    await mock.close();
  });

  it('reseeds, optionally with another seed and count, dropping what was created', async () => {
    const mock = await startTestMock();
    const before = (
      await mock.request({ method: 'GET', url: '/trigger-sources', headers: projectKey(mock.first) })
    ).json();
    await mock.request({ method: 'POST', url: '/trigger-sources', headers: bearer(mock.first), payload: validBody });
    const reset = await mock.app.inject({ method: 'POST', url: '/__mock/reset' });
    expect(reset.json()).toMatchObject({ status: 'reset', triggerSources: 50 });
    const after = (
      await mock.request({ method: 'GET', url: '/trigger-sources', headers: projectKey(mock.first) })
    ).json();
    expect(after).toEqual(before);
    const other = await mock.app.inject({ method: 'POST', url: '/__mock/reset', payload: { seed: 5, records: 3 } });
    expect(other.json()).toMatchObject({ seed: { seed: 5, recordsPerTenant: 3 }, triggerSources: 6 });
    const bad = await mock.app.inject({ method: 'POST', url: '/__mock/reset', payload: { records: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', target: 'records' });
    const health = (await mock.app.inject({ method: 'GET', url: '/__mock/health' })).json();
    expect(health).toMatchObject({ status: 'ok', store: { kind: 'memory', triggerSources: 6 } });
    await mock.close();
  });
});
