import type { FastifyInstance } from 'fastify';
import { mintDevJwt } from '../auth/jwt.js';
import type { ServerDeps } from './build-server.js';

export const ADMIN_PREFIX = '/__mock';

const resetBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seed: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 },
    records: { type: 'integer', minimum: 0, maximum: 100_000 },
  },
} as const;

/** Mock administration, outside the PERS contract: health, reseeding, dev credentials. */
export function registerAdminRoutes(app: FastifyInstance, deps: ServerDeps, clock: () => Date): void {
  const startedAt = clock();

  app.get(`${ADMIN_PREFIX}/health`, async () => ({
    status: 'ok',
    uptimeSeconds: Math.round((clock().getTime() - startedAt.getTime()) / 1000),
    store: { ...deps.storeDescription, triggerSources: deps.store.countLive() },
    seed: deps.store.data.seed,
  }));

  app.post<{ Body: { seed?: number; records?: number } | undefined }>(
    `${ADMIN_PREFIX}/reset`,
    { schema: { body: { ...resetBodySchema, nullable: true } } },
    async (request) => {
      const data = deps.reseed(request.body ?? {});
      await deps.store.replaceAll(data);
      return { status: 'reset', seed: data.seed, triggerSources: deps.store.countLive() };
    },
  );

  app.get(`${ADMIN_PREFIX}/credentials`, async () => ({
    tenants: await Promise.all(
      deps.tenants.all.map(async (tenant) => ({
        id: tenant.id,
        name: tenant.name,
        projectKey: tenant.projectKey,
        jwt: await mintDevJwt(tenant.id, deps.options?.jwtSecret, clock()),
        businesses: tenant.businesses,
        campaigns: tenant.campaigns,
      })),
    ),
  }));
}
