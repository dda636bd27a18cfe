export {
  startMockServer,
  type StartMockServerOptions,
  type RunningMockServer,
  type MockCredentials,
} from './start-mock-server.js';
export { createMockServer, DEFAULT_SPEC, DEFAULT_TENANTS, type MockConfig, type MockServer } from './mock-server.js';
export { buildServer, type ServerDeps, type ServerOptions } from './server/build-server.js';
export { errorCatalogue, PersError, type ErrorCode, type PersErrorBody } from './errors.js';
export { loadSpec, type LoadedSpec } from './engine/load-spec.js';
export { seedStoreData, DEFAULT_SEED, DEFAULT_RECORDS_PER_TENANT } from './seed/seed-trigger-sources.js';
export type { TriggerSourceRecord, TriggerSourceInput, TriggerSourceQuery } from './store/trigger-source.js';
export type { ChaosSettings } from './server/chaos.js';
export { runContract, type ContractOptions } from './contract/runner.js';
export { allChecks } from './contract/checks/index.js';
export { renderConsoleReport } from './contract/reporters/console-reporter.js';
export { renderJson } from './contract/reporters/json-reporter.js';
export { renderJunit } from './contract/reporters/junit-reporter.js';
export { buildProxyServer, type ProxyDeps, type ProxyOptions } from './proxy/build-proxy-server.js';
export type { DevCredentials } from './auth/dev-credentials.js';
export type {
  paths,
  components,
  operations,
  TriggerSource,
  TriggerSourceDraft,
  PersErrorResponse,
  ErrorCategory,
} from './types.js';
