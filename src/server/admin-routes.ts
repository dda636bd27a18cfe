import type { FastifyInstance, FastifyRequest } from 'fastify';
import { devCredentials } from '../auth/dev-credentials.js';
import type { SchemeCredential } from '../mock/scheme-credentials.js';
import { tenantSchemeNames } from './security.js';
import { PersError } from '../errors.js';
import type { ServerDeps } from './server-deps.js';
import { MAX_LATENCY_MS, type Chaos, type ChaosSettings } from './chaos.js';
import { adminEndpointsEnabled } from './exposure.js';

export const ADMIN_PREFIX = '/__mock';

const resetBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seed: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 },
    records: { type: 'integer', minimum: 0, maximum: 100_000 },
  },
} as const;

const chaosBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    latency: {
      type: 'object',
      additionalProperties: false,
      required: ['min', 'max'],
      properties: {
        min: { type: 'integer', minimum: 0, maximum: MAX_LATENCY_MS },
        max: { type: 'integer', minimum: 0, maximum: MAX_LATENCY_MS },
      },
    },
    errorRate: { type: 'number', minimum: 0, maximum: 1 },
    seed: { type: ['integer', 'null'], minimum: 0, maximum: 2 ** 32 - 1 },
  },
} as const;

export interface AdminDeps {
  chaos: Chaos;
  clock: () => Date;
  /** The dev credential of each security scheme that is not a PERS one. */
  credentials: Record<string, SchemeCredential>;
  /** What else a reset clears (state of other documents' collections). */
  resetListeners: ReadonlyArray<() => unknown>;
}

/**
 * Mock administration, outside the PERS contract: health, reseeding, dev credentials. Health is
 * always open (it is what container health checks call); the others need the admin token when
 * one is set, and are refused outright on a reachable address without one.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: ServerDeps, admin: AdminDeps): void {
  const { chaos, clock, credentials, resetListeners } = admin;
  const startedAt = clock();
  const guard = adminGuard(deps.options?.adminToken, deps.options?.host ?? '127.0.0.1');

  app.get(`${ADMIN_PREFIX}/health`, async () => ({
    status: 'ok',
    uptimeSeconds: Math.round((clock().getTime() - startedAt.getTime()) / 1000),
    store: { ...deps.storeDescription, triggerSources: await deps.store.countLive() },
    seed: await deps.store.seedSettings(),
  }));

  app.post<{ Body: { seed?: number; records?: number } | undefined }>(
    `${ADMIN_PREFIX}/reset`,
    { schema: { body: { ...resetBodySchema, nullable: true } }, onRequest: [guard, emptyBodyIsNoBody] },
    async (request) => {
      const data = await deps.reseed(request.body ?? {});
      await deps.store.replaceAll(data);
      await Promise.all(resetListeners.map((clear) => clear()));
      return { status: 'reset', seed: data.seed, triggerSources: await deps.store.countLive() };
    },
  );

  app.get(`${ADMIN_PREFIX}/chaos`, async () => chaos.settings);
  app.put<{ Body: Partial<ChaosSettings> }>(
    `${ADMIN_PREFIX}/chaos`,
    { schema: { body: chaosBodySchema }, onRequest: guard },
    async (request) => {
      const settings = chaos.update(request.body);
      await deps.shareChaos?.(settings);
      return settings;
    },
  );

  app.get(`${ADMIN_PREFIX}/credentials`, { onRequest: guard }, async () => ({
    tenants: await devCredentials(deps.tenants, deps.options?.jwtSecret),
    schemes: credentials,
    tenantSchemes: [...tenantSchemeNames(deps.spec.dereferenced.components?.securitySchemes ?? {})],
  }));
}

/**
 * `curl -X POST …/__mock/reset`, `-d ''` or an empty JSON body all mean "no options": a body that
 * is empty is treated as none, whatever type it claims, rather than as a 415 or broken JSON.
 */
async function emptyBodyIsNoBody(request: FastifyRequest): Promise<void> {
  const { headers } = request.raw;
  const empty = headers['content-length'] === '0' || (!headers['content-length'] && !headers['transfer-encoding']);
  if (empty) delete headers['content-type'];
}

function adminGuard(adminToken: string | undefined, host: string) {
  return async (request: FastifyRequest) => {
    if (!adminEndpointsEnabled(host, adminToken)) {
      throw new PersError(
        'ADMIN_ENDPOINT_DISABLED',
        'Admin endpoints are disabled when pers-mock listens on a non-loopback address without --admin-token',
      );
    }
    if (adminToken !== undefined && request.headers['x-admin-token'] !== adminToken) {
      throw new PersError(
        'ADMIN_TOKEN_INVALID',
        'This admin endpoint needs the x-admin-token header set to the --admin-token value',
      );
    }
  };
}
