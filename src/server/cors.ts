import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { ALLOW_ANY_ORIGIN, corsOriginPolicy } from './exposure.js';

/** How long a browser may reuse a preflight's answer; without it Chromium asks again after 5 s. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;
/** Refused origins are told once each; past this many distinct ones, no more are remembered or logged. */
const MAX_REFUSED_ORIGINS_LOGGED = 1000;

export interface CorsSettings {
  /** `--cors-origin`: the origins allowed, or `*`; default as `corsOriginPolicy` says. */
  corsOrigins?: string[];
  /** The address the server listens on, which decides the default. */
  host: string;
  methods: string[];
  exposedHeaders: string[];
}

/**
 * CORS for the mock and the proxy alike. A browser hides a refused request's reason from the
 * page, so the server logs each refused origin once, with the flag that allows it.
 */
export async function registerCors(app: FastifyInstance, settings: CorsSettings): Promise<void> {
  const originAllowed = corsOriginPolicy(settings.corsOrigins, settings.host);
  const refused = new Set<string>();
  const allowed = (origin: string | undefined): boolean => {
    if (originAllowed(origin)) return true;
    if (origin !== undefined && !refused.has(origin) && refused.size < MAX_REFUSED_ORIGINS_LOGGED) {
      refused.add(origin);
      app.log.warn(
        `refused browser requests from origin ${origin} (CORS); to allow it, start with --cors-origin ${origin} ` +
          '(a comma-separated list of origins, or *)',
      );
    }
    return false;
  };
  await app.register(cors, {
    // `true` (reflect any origin) avoids a callback per request when every origin is allowed.
    origin: originAllowed === ALLOW_ANY_ORIGIN ? true : (origin, callback) => callback(null, allowed(origin)),
    methods: settings.methods,
    exposedHeaders: settings.exposedHeaders,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    strictPreflight: false,
  });
}
