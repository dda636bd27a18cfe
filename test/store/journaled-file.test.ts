import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournaledFile } from '../../src/store/journaled-file.js';
import type { TriggerSourceRecord } from '../../src/store/trigger-source.js';
import type { StoreData } from '../../src/store/store-data.js';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-journal-'));
  file = join(dir, 'db.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const record = (id: string, name = `Source ${id}`): TriggerSourceRecord => ({
  id,
  tenantId: 't1',
  type: 'QR_CODE',
  name,
  description: null,
  metadata: {},
  businessId: null,
  isActive: true,
  analytics: null,
  campaignIds: [],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  deletedAt: null,
});
const empty = (): StoreData => ({ formatVersion: 1, seed: null, triggerSources: [] });

describe('JournaledFile', () => {
  it('reads nothing when there is no store yet', async () => {
    expect(await new JournaledFile(file).read()).toBeNull();
  });

  it('keeps every acknowledged change without a clean close (as after a crash)', async () => {
    const writer = new JournaledFile(file);
    await writer.write(empty());
    await writer.record(record('a'));
    await writer.record(record('b'));
    await writer.record(record('a', 'renamed'));
    const reread = await new JournaledFile(file).read();
    expect(reread!.triggerSources.map((r) => [r.id, r.name])).toEqual([
      ['a', 'renamed'],
      ['b', 'Source b'],
    ]);
    await writer.close();
  });

  it('shares one fsync among changes that arrive together (group commit)', async () => {
    const writer = new JournaledFile(file);
    await writer.write(empty());
    await Promise.all(Array.from({ length: 500 }, (_, i) => writer.record(record(`r${i}`))));
    expect(writer.flushCount).toBeGreaterThan(0);
    expect(writer.flushCount).toBeLessThan(50);
    expect((await new JournaledFile(file).read())!.triggerSources).toHaveLength(500);
    await writer.close();
  });

  it('waits for changes still arriving over the next turns of the event loop, so they share one flush', async () => {
    const writer = new JournaledFile(file);
    await writer.write(empty());
    const before = writer.flushCount;
    // As requests on other connections do: one change per turn of the event loop, three turns running.
    const changes = await new Promise<Array<Promise<void>>>((done) => {
      const made: Array<Promise<void>> = [];
      const changeThisTurn = () => {
        made.push(writer.record(record(`t${made.length}`)));
        if (made.length < 3) setImmediate(changeThisTurn);
        else done(made);
      };
      changeThisTurn();
    });
    await Promise.all(changes);
    expect(writer.flushCount - before).toBe(1);
    expect((await new JournaledFile(file).read())!.triggerSources).toHaveLength(3);
    await writer.close();
  });

  it('folds the journal into the snapshot on close', async () => {
    const writer = new JournaledFile(file);
    const data = empty();
    await writer.write(data);
    // As the store does: change the live data lowdb holds, then record the change.
    data.triggerSources.push(record('a'));
    await writer.record(data.triggerSources[0]);
    await writer.close();
    expect(await readFile(`${file}.journal`, 'utf8')).toBe('');
    expect(JSON.parse(await readFile(file, 'utf8')).triggerSources).toHaveLength(1);
  });

  it('ignores a torn last journal line (a change that was never acknowledged)', async () => {
    const writer = new JournaledFile(file);
    await writer.write(empty());
    await writer.record(record('a'));
    await appendFile(`${file}.journal`, '{"seq":2,"record":{"id":"b","ten');
    expect((await new JournaledFile(file).read())!.triggerSources.map((r) => r.id)).toEqual(['a']);
    await writer.close();
  });

  it('refuses a journal damaged in the middle, and a journal without a snapshot', async () => {
    const writer = new JournaledFile(file);
    await writer.write(empty());
    await writer.record(record('a'));
    await writer.close();
    await appendFile(
      `${file}.journal`,
      '{"seq":2,"record":' + JSON.stringify(record('b')) + '}\ngarbage\n{"seq":3,"record":{"id":"c"}}\n',
    );
    await expect(new JournaledFile(file).read()).rejects.toThrow(/journal line 2 of .* is not valid JSON/);
    await rm(file);
    await writeFile(`${file}.journal`, '{"seq":1}\n');
    await expect(new JournaledFile(file).read()).rejects.toThrow(/has a journal .* but no snapshot/);
  });

  it('never replays a change the snapshot already holds', async () => {
    const writer = new JournaledFile(file);
    const data = empty();
    await writer.write(data);
    await writer.record(record('a', 'first'));
    const journal = await readFile(`${file}.journal`, 'utf8');
    data.triggerSources.push(record('a', 'second'));
    await writer.write(data);
    // As if the process died after the snapshot was renamed but before the journal was emptied.
    await writer.close();
    await writeFile(`${file}.journal`, journal);
    expect((await new JournaledFile(file).read())!.triggerSources.map((r) => r.name)).toEqual(['second']);
  });
});
