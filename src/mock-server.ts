import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from './package-root.js';
import { DEFAULT_RECORDS_PER_TENANT, DEFAULT_SEED, seedStoreData } from './seed/seed-trigger-sources.js';
import { buildServer, type ServerOptions } from './server/build-server.js';
import { loadSpec, type LoadedSpec, type SpecWarning } from './engine/load-spec.js';
import { loadPreparedSpec } from './engine/prepared-spec.js';
import { serverBasePaths } from './engine/operation-paths.js';
import { Chaos } from './server/chaos.js';
import { documentCredentials } from './server/security.js';
import type { SchemeCredential } from './mock/scheme-credentials.js';
import { MEMORY_DB, openStore, type StoreOrigin } from './store/open-store.js';
import { loadTenants, type TenantDirectory } from './store/tenants.js';
import type { StoreData } from './store/store-data.js';
import { openPostgres } from './store/postgres/open-postgres.js';
import type { TriggerSourceRepository } from './store/trigger-source-repository.js';
import type { ServerDeps } from './server/server-deps.js';

export const DEFAULT_SPEC = `${PACKAGE_ROOT}openapi.yaml`;
/** DEFAULT_SPEC bundled and dereferenced by `npm run build` (see prepared-spec.ts). */
export const PREPARED_DEFAULT_SPEC = `${PACKAGE_ROOT}dist/openapi.prepared.json`;
export const DEFAULT_TENANTS = `${PACKAGE_ROOT}fixtures/tenants.json`;
export const DEFAULT_DB = './data/db.json';

export interface MockConfig extends ServerOptions {
  /** OpenAPI 3.0 or 3.1 document to serve (default: the package's openapi.yaml). */
  spec?: string;
  /** An OpenAPI Overlay 1.0 file applied to the document before it is used. */
  overlay?: string;
  /** Tenants file (default: the package's fixtures/tenants.json). */
  tenants?: string;
  /** JSON file path, or `:memory:` (the default here; the CLI defaults to ./data/db.json). */
  db?: string;
  /** A PostgreSQL URL: keep the data there instead, shared by every replica pointed at it (not with `db`). */
  store?: string;
  records?: number;
  /** Move an unreadable store file aside and seed afresh instead of refusing to start. */
  recover?: boolean;
  /** @deprecated The old name of `recover`. */
  reset?: boolean;
  /** Discard what the store holds and seed it again from `seed` and `records`. */
  fresh?: boolean;
}

export interface MockServer {
  /** The current server (replaced by `reload`'s caller when the document changes). */
  app: FastifyInstance;
  store: TriggerSourceRepository;
  /** How the store is kept (also in the health answer). */
  storeDescription: ServerDeps['storeDescription'];
  tenants: TenantDirectory;
  chaos: Chaos;
  /** What the mock cannot fully honour in the document it started with, each with its JSON pointer (also logged). */
  warnings: SpecWarning[];
  /** True when this start seeded the store (a new, fresh or recovered store). */
  seeded: boolean;
  /** Whether the store was loaded, or seeded and why. */
  storeOrigin: StoreOrigin;
  /** The dev credential of each security scheme of the document that is not a PERS one. */
  schemeCredentials: Record<string, SchemeCredential>;
  /** The paths of the document's `servers` URLs, under which it is served as well as at the root. */
  basePaths: string[];
  /** Where --recover moved an unreadable store file. */
  movedAside?: string;
  /**
   * Reads and validates the document again and builds a new server over the same store, so
   * state survives. Throws SpecError, leaving everything as it was, when the document is invalid.
   */
  reload(): Promise<FastifyInstance>;
  /** Closes the current server (answering in-flight requests), then the store (flushing it). */
  close(): Promise<void>;
}

/** Loads the document, the tenants and the store, and builds the server around them. */
export async function createMockServer(config: MockConfig = {}): Promise<MockServer> {
  const db = config.db ?? MEMORY_DB;
  const specFile = config.spec ?? DEFAULT_SPEC;
  const [spec, tenants] = await Promise.all([
    loadDocument(specFile, config.overlay),
    loadTenants(config.tenants ?? DEFAULT_TENANTS),
  ]);
  const reseed = (overrides: { seed?: number; records?: number } = {}) =>
    seedStoreData(tenants.all, {
      seed: overrides.seed ?? config.seed ?? DEFAULT_SEED,
      recordsPerTenant: overrides.records ?? config.records ?? DEFAULT_RECORDS_PER_TENANT,
    });
  const chaos = new Chaos(config.chaos);
  const { deps, origin, movedAside } = config.store
    ? await openShared(config.store, tenants, reseed, chaos, config)
    : await openLocal(db, reseed, config);
  const { store } = deps;
  const build = (loaded: LoadedSpec) => buildServer({ ...deps, spec: loaded, tenants, reseed, chaos, options: config });
  const mock: MockServer = {
    app: await build(spec),
    store,
    storeDescription: deps.storeDescription,
    tenants,
    chaos,
    warnings: spec.warnings,
    seeded: origin !== 'loaded',
    storeOrigin: origin,
    schemeCredentials: documentCredentials(spec.dereferenced, config.seed ?? DEFAULT_SEED),
    basePaths: serverBasePaths(spec.dereferenced),
    movedAside,
    reload: async () => build(await loadSpec(specFile, { validate: true, overlay: config.overlay })),
    close: async () => {
      await mock.app.close();
      await store.close();
    },
  };
  return mock;
}

type StoreDeps = Pick<ServerDeps, 'store' | 'resources' | 'shareChaos' | 'storeDescription'>;
interface OpenedDeps {
  deps: StoreDeps;
  origin: StoreOrigin;
  movedAside?: string;
}
type Reseed = () => Promise<StoreData>;

async function openLocal(db: string, reseed: Reseed, config: MockConfig): Promise<OpenedDeps> {
  const { store, origin, movedAside } = await openStore({
    db,
    seed: reseed,
    recover: config.recover ?? config.reset,
    fresh: config.fresh,
    clock: config.clock,
  });
  const storeDescription = db === MEMORY_DB ? { kind: 'memory' as const } : { kind: 'file' as const, path: db };
  return { deps: { store, storeDescription }, origin, movedAside };
}

/** A database shared by replicas: its chaos settings, once changed through /__mock/chaos, win over the options. */
async function openShared(
  url: string,
  tenants: TenantDirectory,
  reseed: Reseed,
  chaos: Chaos,
  config: MockConfig,
): Promise<OpenedDeps> {
  const opened = await openPostgres({
    url,
    tenantIds: tenants.all.map((tenant) => tenant.id),
    seed: reseed,
    fresh: config.fresh,
    clock: config.clock,
  });
  const apply = (settings: object) => chaos.update(settings);
  const shared = await opened.sharedChaos();
  if (shared) apply(shared);
  await opened.onSharedChaos(apply);
  return {
    deps: {
      store: opened.store,
      resources: opened.resources,
      shareChaos: opened.shareChaos,
      storeDescription: { kind: 'postgres', path: opened.description },
    },
    origin: opened.origin,
  };
}

/**
 * The built-in document as `npm run build` prepared it, when it is up to date; any other document
 * (or one with an overlay) read and validated. The built-in one is not validated at start: CI
 * validates and lints it.
 */
async function loadDocument(file: string, overlay: string | undefined): Promise<LoadedSpec> {
  if (file !== DEFAULT_SPEC || overlay !== undefined) return loadSpec(file, { validate: true, overlay });
  return (await loadPreparedSpec(file, PREPARED_DEFAULT_SPEC)) ?? loadSpec(file, { validate: false });
}
