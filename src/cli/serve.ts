import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { devCredentials } from '../auth/dev-credentials.js';
import { createMockServer, DEFAULT_SPEC, type MockConfig, type MockServer } from '../mock-server.js';
import { adminEndpointsEnabled } from '../server/exposure.js';
import { SpecError } from '../engine/load-spec.js';
import { StoreFileError } from '../store/open-store.js';
import { StoreOpenError } from '../store/store-errors.js';
import { TenantConfigError } from '../store/tenants.js';
import { listenOrExit } from './listen.js';

export interface ServeOptions extends MockConfig {
  port: number;
  host: string;
  corsOrigin?: string[];
  latency?: { min: number; max: number };
  errorRate?: number;
  chaosSeed?: number;
  watch?: boolean;
}

const RESET_DEPRECATION =
  'pers-mock: --reset (PERS_MOCK_RESET) is deprecated and will be removed; it is now --recover ' +
  '(PERS_MOCK_RECOVER), which moves an unreadable store aside. To discard the stored data and seed ' +
  'again, use --fresh.';

const STARTUP_ERRORS = [SpecError, StoreFileError, StoreOpenError, TenantConfigError];
const WATCH_DEBOUNCE_MS = 100;

export async function serve(options: ServeOptions): Promise<void> {
  // Signals are handled from the first moment: one that arrives while the server is starting
  // stops it as soon as the store is open (docker stop must never wait out its grace period).
  let mock: MockServer | undefined;
  let pending: NodeJS.Signals | undefined;
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (!mock) {
      pending ??= signal;
      return;
    }
    if (closing) return;
    closing = true;
    mock.app.log.info(`${signal} received; finishing in-flight requests`);
    mock.close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`pers-mock: error while closing: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (options.reset) console.error(RESET_DEPRECATION);
  mock = await startOrExit(options);
  if (pending) return stop(pending);
  const url = await listenOrExit(mock.app, options.host, options.port);
  console.log(await banner(mock, options, url));
  if (options.watch)
    watchDocument(
      mock,
      [options.spec ?? DEFAULT_SPEC, ...(options.overlay ? [options.overlay] : [])],
      options.host,
      Number(new URL(url).port),
    );
}

async function startOrExit(options: ServeOptions): Promise<MockServer> {
  try {
    return await createMockServer({
      ...options,
      corsOrigins: options.corsOrigin,
      chaos: { latency: options.latency, errorRate: options.errorRate, seed: options.chaosSeed },
    });
  } catch (error) {
    if (STARTUP_ERRORS.some((type) => error instanceof type)) {
      console.error(`pers-mock: cannot start: ${(error as Error).message}`);
      process.exit(2);
    }
    throw error;
  }
}

function alsoUnder(url: string, basePaths: string[]): string {
  return basePaths.length > 0 ? ` (also under ${basePaths.map((base) => `${url}${base}`).join(', ')})` : '';
}

/** The start-up banner: where the server is, what its store holds, and ready-to-paste credentials. */
export async function banner(mock: MockServer, options: ServeOptions, url: string): Promise<string> {
  const lines = [
    `pers-mock listening on ${url}${alsoUnder(url, mock.basePaths)}`,
    `  docs:        ${url}/docs`,
    `  store:       ${storeName(mock, options)} (${await storeState(mock, options)})`,
  ];
  if (options.spec)
    lines.push(`  document:    ${options.spec}${options.overlay ? ` with overlay ${options.overlay}` : ''}`);
  if (mock.warnings.length > 0)
    lines.push(`  warnings:    ${mock.warnings.length} about the document (logged above, each with its location)`);
  const adminEnabled = adminEndpointsEnabled(options.host, options.adminToken);
  if (!adminEnabled) {
    lines.push(
      '  admin:       /__mock/reset, /__mock/chaos (PUT) and /__mock/credentials are disabled on a reachable ' +
        'address; set --admin-token to enable them',
    );
  }
  const { latency, errorRate } = mock.chaos.settings;
  if (latency.max > 0 || errorRate > 0)
    lines.push(`  chaos:       latency ${latency.min}-${latency.max} ms, error rate ${errorRate}`);
  if (options.watch)
    lines.push(`  watching:    ${[options.spec ?? DEFAULT_SPEC, options.overlay].filter(Boolean).join(', ')}`);
  lines.push('', adminEnabled ? 'Dev credentials (also at GET /__mock/credentials):' : 'Dev credentials:');
  for (const tenant of await devCredentials(mock.tenants, options.jwtSecret)) {
    lines.push(`  ${tenant.name} (${tenant.id})`);
    lines.push(`    x-project-key: ${tenant.projectKey}`);
    lines.push(`    Authorization: Bearer ${tenant.jwt}`);
  }
  for (const [name, credential] of Object.entries(mock.schemeCredentials)) {
    const where =
      credential.header !== undefined
        ? `Authorization: ${credential.header}`
        : `${credential.in} ${credential.name}: ${credential.value}`;
    lines.push(`  security scheme ${name}: ${where}`);
  }
  return lines.join('\n');
}

/** What the store holds and why, so that no start discards data, or ignores --seed, silently. */
function storeName(mock: MockServer, options: ServeOptions): string {
  return options.store ? `PostgreSQL ${mock.storeDescription.path}` : String(options.db);
}

async function storeState(mock: MockServer, options: ServeOptions): Promise<string> {
  const seeding = `seed ${options.seed}, ${options.records} per tenant`;
  switch (mock.storeOrigin) {
    case 'loaded':
      return (
        `loaded: ${await mock.store.countLive()} trigger sources; --seed and --records apply only to a new store, ` +
        'to --fresh and to POST /__mock/reset'
      );
    case 'new':
      return `new, seeded: ${seeding}`;
    case 'fresh':
      return `reseeded by --fresh: ${seeding}; what it held before was discarded`;
    case 'recovered':
      return `unreadable, moved to ${mock.movedAside}; seeded afresh: ${seeding}`;
  }
}

/**
 * --watch: on a change to the document (or its overlay), build a new server over the same store
 * and swap it in on the same port. An invalid document is logged with its location and the old
 * one keeps serving. Directories are watched, not files, because editors often save by renaming.
 */
function watchDocument(mock: MockServer, files: string[], host: string, port: number): void {
  let timer: NodeJS.Timeout | undefined;
  let swapping = Promise.resolve();
  const swap = async () => {
    let next;
    try {
      next = await mock.reload();
      await next.ready();
    } catch (error) {
      mock.app.log.error(`${(error as Error).message}; still serving the previous document`);
      return;
    }
    await requestsAlreadySent();
    await mock.app.close();
    mock.app = next;
    await next.listen({ port, host });
    next.log.info(`reloaded ${files.join(' and ')}`);
  };
  for (const file of files) {
    watch(dirname(file), (_event, changed) => {
      if (changed !== basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        swapping = swapping.then(swap);
      }, WATCH_DEBOUNCE_MS);
    });
  }
}

/**
 * Lets the event loop read what clients sent while the new server was being built (synchronous
 * work, so nothing was read): closing treats a connection with an unread request as idle and
 * resets it, where a request it has read is answered first.
 */
function requestsAlreadySent(): Promise<void> {
  // The second turn's I/O phase comes before its immediates.
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
