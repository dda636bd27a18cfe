export { createMockServer, DEFAULT_SPEC, DEFAULT_TENANTS, type MockConfig, type MockServer } from './mock-server.js';
export { buildServer, type ServerDeps, type ServerOptions } from './server/build-server.js';
export { errorCatalogue, PersError, type ErrorCode, type PersErrorBody } from './errors.js';
export { loadSpec, type LoadedSpec } from './spec/load-spec.js';
export { seedStoreData, DEFAULT_SEED, DEFAULT_RECORDS_PER_TENANT } from './seed/seed-trigger-sources.js';
export type { TriggerSourceRecord, TriggerSourceInput, TriggerSourceQuery } from './store/trigger-source.js';
