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
    await expect(startTestMock({ db })).rejects.toThrow(new RegExp(`${db}.*--reset`));
    expect(await readFile(db, 'utf8')).toBe(content);
  });

  it('with reset, moves an unreadable file aside and seeds a fresh store', async () => {
    const db = join(dir, 'db.json');
    await writeFile(db, 'garbage');
    const mock = await startTestMock({ db, reset: true });
    expect(mock.seeded).toBe(true);
    expect(mock.movedAside).toMatch(/db\.json\.unreadable-\d+$/);
    expect(await readFile(mock.movedAside!, 'utf8')).toBe('garbage');
    expect((await readdir(dir)).sort()).toEqual(['db.json', 'db.json.journal', mock.movedAside!.split('/').pop()]);
    await mock.close();
  });
});

describe('POST /__mock/reset', () => {
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
