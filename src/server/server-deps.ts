import type { LoadedSpec } from '../engine/load-spec.js';
import type { StoreData } from '../store/store-data.js';
import type { TenantDirectory } from '../store/tenants.js';
import type { ResourceRepository } from '../mock/resource-store.js';
import type { TriggerSourceRepository } from '../store/trigger-source-repository.js';
import type { Chaos, ChaosSettings } from './chaos.js';

export interface ServerOptions {
  /** Verify HS256 signatures with this secret; without it any well-formed, unexpired JWT is accepted. */
  jwtSecret?: string;
  /** Log every response that does not match the document. */
  validateResponses?: boolean;
  logLevel?: string;
  clock?: () => Date;
  /** The address the server will listen on; decides the CORS and admin defaults (default 127.0.0.1). */
  host?: string;
  /** Origins allowed to call from a browser (`*` for any); see `corsOriginPolicy` for the default. */
  corsOrigins?: string[];
  /** When set, /__mock endpoints other than health need `x-admin-token: <token>`. */
  adminToken?: string;
  /** Server-wide latency and error rate at start; changeable at run time through /__mock/chaos. */
  chaos?: Partial<ChaosSettings>;
  /** Seed of the seeded data and of the dev credentials of other documents' security schemes (default 2013). */
  seed?: number;
}

export interface ServerDeps {
  spec: LoadedSpec;
  store: TriggerSourceRepository;
  /**
   * Where the CRUD collections of a document are kept; default: in memory, with this server (a
   * reload starts them afresh). A database keeps them for every replica.
   */
  resources?: ResourceRepository;
  tenants: TenantDirectory;
  /** Fresh seeded data for POST /__mock/reset. */
  reseed: (options: { seed?: number; records?: number }) => Promise<StoreData>;
  /** Shared by every server built over this store, so a reload keeps the settings; default: from options. */
  chaos?: Chaos;
  /** Hands chaos settings changed through /__mock/chaos to every replica of a shared store. */
  shareChaos?: (settings: ChaosSettings) => Promise<void>;
  /** How the store is kept, for the health endpoint. */
  storeDescription: { kind: 'file' | 'memory' | 'postgres'; path?: string };
  options?: ServerOptions;
}
