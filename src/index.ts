export { startMockServer, type StartMockServerOptions, type RunningMockServer, type MockCredentials } from './start-mock-server.js';
export { createMockServer, DEFAULT_SPEC, DEFAULT_TENANTS, type MockConfig, type MockServer } from './mock-server.js';
export { buildServer, type ServerDeps, type ServerOptions } from './server/build-server.js';
export { errorCatalogue, PersError, type ErrorCode, type PersErrorBody } from './errors.js';
export { loadSpec, type LoadedSpec } from './spec/load-spec.js';
export { seedStoreData, DEFAULT_SEED, DEFAULT_RECORDS_PER_TENANT } from './seed/seed-trigger-sources.js';
export type { TriggerSourceRecord, TriggerSourceInput, TriggerSourceQuery } from './store/trigger-source.js';
export type { ChaosSettings } from './server/chaos.js';
export type { DevCredentials } from './auth/dev-credentials.js';
export type { paths, components, operations } from './generated/pers-api.js';
import type { components } from './generated/pers-api.js';
/** A trigger source as the API returns it. */
export type TriggerSource = components['schemas']['TriggerSourceResponseDto'];
/** The body of a create or update. */
export type TriggerSourceDraft = components['schemas']['CreateTriggerSourceDto'];
/** Every error body. */
export type PersErrorResponse = components['schemas']['PersError'];
