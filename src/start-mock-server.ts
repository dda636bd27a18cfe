import type { FastifyInstance } from 'fastify';
import { devCredentials, type DevCredentials } from './auth/dev-credentials.js';
import { createMockServer, type MockConfig } from './mock-server.js';
import type { ChaosSettings } from './server/chaos.js';

export interface StartMockServerOptions extends Omit<MockConfig, 'chaos' | 'host'> {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Milliseconds added to every API response: a fixed value or `{ min, max }` (uniform). */
  latency?: number | { min: number; max: number };
  /** The fraction (0–1) of API requests answered with a retryable 503. */
  errorRate?: number;
  /** Makes the latency and error sequence reproducible. */
  chaosSeed?: number;
}

export interface MockCredentials extends DevCredentials {
  /** Every tenant's credentials; the top-level fields are the first tenant's. */
  tenants: DevCredentials[];
}

export interface RunningMockServer {
  /** e.g. `http://127.0.0.1:43817` (the API is also served under `${url}/v2`). */
  url: string;
  credentials: MockCredentials;
  /** Reseeds the store (optionally with another seed or count) and clears the chaos settings given at run time. */
  reset(options?: { seed?: number; records?: number }): Promise<void>;
  /** Changes latency and error rate while running. */
  setChaos(settings: Partial<ChaosSettings>): ChaosSettings;
  close(): Promise<void>;
  /** The Fastify instance, for `inject` and the like. */
  app: FastifyInstance;
}

/**
 * A mock for a test suite: an in-memory store seeded from a fixed seed, on a free port, quiet.
 * Every instance has its own state; start as many as you like in one process.
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<RunningMockServer> {
  const { port = 0, host = '127.0.0.1', latency, errorRate, chaosSeed, ...config } = options;
  const chaos: Partial<ChaosSettings> = {
    latency: typeof latency === 'number' ? { min: latency, max: latency } : latency,
    errorRate,
    seed: chaosSeed,
  };
  const mock = await createMockServer({ db: ':memory:', logLevel: 'silent', ...config, host, chaos });
  await mock.app.listen({ port, host });
  const address = mock.app.server.address() as { port: number };
  const tenants = await devCredentials(mock.tenants, config.jwtSecret);
  const initialChaos = mock.chaos.settings;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    credentials: { ...tenants[0], tenants },
    app: mock.app,
    async reset(overrides = {}) {
      // Through the admin endpoint, so that everything a reset clears is cleared.
      const response = await mock.app.inject({
        method: 'POST',
        url: '/__mock/reset',
        headers: config.adminToken ? { 'x-admin-token': config.adminToken } : {},
        payload: overrides,
      });
      if (response.statusCode !== 200) throw new Error(`reset failed: ${response.statusCode} ${response.body}`);
      mock.chaos.update(initialChaos);
    },
    setChaos: (settings) => mock.chaos.update(settings),
    close: () => mock.close(),
  };
}
