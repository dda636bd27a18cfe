import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import type { StoreOrigin } from '../open-store.js';
import type { StoreData } from '../store-data.js';
import type { StoreOptions } from '../trigger-source-store.js';
import { asJson, connect, describeUrl, guarded, waitForDatabase } from './connection.js';
import { PostgresResourceStore } from './postgres-resources.js';
import { PostgresTriggerSourceStore, replaceAllIn } from './postgres-store.js';
import { ReplicaPresence } from './replica-presence.js';
import { migrate, SCHEMA_LOCK } from './schema.js';

export interface OpenPostgresOptions extends StoreOptions {
  url: string;
  tenantIds: readonly string[];
  /** Produces the first data, for the one replica that finds the database unseeded. */
  seed: () => Promise<StoreData>;
  /** Discard what the database holds and seed it again (for every replica). */
  fresh?: boolean;
}

export interface OpenedPostgres {
  store: PostgresTriggerSourceStore;
  resources: PostgresResourceStore;
  /** Whether this replica found the data (`loaded`), or seeded it (`new`, `fresh`). */
  origin: Exclude<StoreOrigin, 'recovered'>;
  /** What --store names, without its password. */
  description: string;
  /** Keeps settings for every replica, and tells the others at once. */
  shareChaos: (settings: object) => Promise<void>;
  /** The settings shared last (by any replica), if any. */
  sharedChaos: () => Promise<object | undefined>;
  /** Calls `apply` with settings another replica shared. */
  onSharedChaos: (apply: (settings: object) => void) => Promise<void>;
}

/** Connects (retrying for a few seconds), migrates the schema and seeds it once, for all replicas. */
export async function openPostgres(options: OpenPostgresOptions): Promise<OpenedPostgres> {
  const description = describeUrl(options.url);
  const sql = connect(options.url);
  const presence = new ReplicaPresence(sql);
  try {
    await waitForDatabase(sql, description);
    await migrate(sql, description);
    // Before seeding, which changes what other replicas may hold.
    await presence.start();
    const origin = await seedOnce(sql, options.seed, options.fresh ?? false);
    return {
      store: new PostgresTriggerSourceStore(sql, options.tenantIds, presence, options),
      resources: new PostgresResourceStore(sql),
      origin,
      description,
      ...chaosSharing(sql),
    };
  } catch (error) {
    await presence.stop();
    await sql.end({ timeout: 1 });
    throw error;
  }
}

/** Under the schema lock, so replicas starting together seed once: the first seeds, the others find it. */
async function seedOnce(sql: Sql, seed: () => Promise<StoreData>, fresh: boolean): Promise<OpenedPostgres['origin']> {
  return sql.begin<OpenedPostgres['origin']>(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`;
    const [found] = await tx`SELECT 1 FROM pers_mock_meta WHERE key = 'seed'`;
    if (found && !fresh) return 'loaded';
    await replaceAllIn(tx, await seed());
    return found ? 'fresh' : 'new';
  });
}

/** Where replicas tell each other of chaos settings. */
const CHAOS_CHANNEL = 'pers_mock_chaos';

/**
 * Chaos settings live in the database, and a NOTIFY tells every replica to take them; each
 * notice names the replica that sent it, which has applied them already.
 */
function chaosSharing(sql: Sql) {
  const replica = randomUUID();
  const read = async () => {
    const [row] = await sql<Array<{ value: object }>>`SELECT value FROM pers_mock_meta WHERE key = 'chaos'`;
    return row?.value;
  };
  return {
    shareChaos: (settings: object) =>
      guarded(async () => {
        await sql.begin(async (tx) => {
          await tx`
            INSERT INTO pers_mock_meta (key, value) VALUES ('chaos', ${asJson(settings)})
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
          await tx`SELECT pg_notify(${CHAOS_CHANNEL}, ${`chaos ${replica}`})`;
        });
      }),
    sharedChaos: () => guarded(read),
    onSharedChaos: async (apply: (settings: object) => void) => {
      const take = () =>
        void read().then(
          (settings) => settings && apply(settings),
          () => undefined,
        );
      // Read again on every (re)connection of the listener: notices sent while it was away are lost.
      await sql.listen(CHAOS_CHANNEL, (payload) => payload !== `chaos ${replica}` && take(), take);
    },
  };
}
