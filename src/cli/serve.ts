import { devCredentials } from '../auth/dev-credentials.js';
import { createMockServer, type MockConfig } from '../mock-server.js';
import { isLoopbackHost } from '../server/exposure.js';
import { SpecError } from '../spec/load-spec.js';
import { StoreFileError } from '../store/open-store.js';
import { TenantConfigError } from '../store/tenants.js';

export interface ServeOptions extends MockConfig {
  port: number;
  host: string;
  corsOrigin?: string[];
}

const STARTUP_ERRORS = [SpecError, StoreFileError, TenantConfigError];

export async function serve(options: ServeOptions): Promise<void> {
  let mock;
  try {
    mock = await createMockServer({ ...options, corsOrigins: options.corsOrigin });
  } catch (error) {
    if (STARTUP_ERRORS.some((type) => error instanceof type)) {
      console.error(`pers-mock: cannot start: ${(error as Error).message}`);
      process.exit(2);
    }
    throw error;
  }
  const { app, tenants, seeded, movedAside } = mock;
  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    console.error(`pers-mock: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
    process.exit(2);
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  const lines = [
    `pers-mock listening on ${url} (also under ${url}/v2)`,
    `  docs:        ${url}/docs`,
    `  store:       ${options.db}${seeded ? ` (seeded: seed ${options.seed}, ${options.records} per tenant)` : ''}`,
  ];
  if (movedAside) lines.push(`  the unreadable store file was moved to ${movedAside}`);
  if (!isLoopbackHost(options.host) && !options.adminToken) {
    lines.push('  admin:       /__mock/reset and /__mock/credentials are disabled on a reachable address; set --admin-token to enable them');
  }
  lines.push('', 'Dev credentials (also at GET /__mock/credentials):');
  for (const tenant of await devCredentials(tenants, options.jwtSecret)) {
    lines.push(`  ${tenant.name} (${tenant.id})`);
    lines.push(`    x-project-key: ${tenant.projectKey}`);
    lines.push(`    Authorization: Bearer ${tenant.jwt}`);
  }
  console.log(lines.join('\n'));

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal} received; finishing in-flight requests`);
      app.close().then(
        () => process.exit(0),
        (error: Error) => {
          console.error(`pers-mock: error while closing: ${error.message}`);
          process.exit(1);
        },
      );
    });
  }
}
