import { isIP } from 'node:net';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

/**
 * Whether /__mock/reset, PUT /__mock/chaos and /__mock/credentials can be used: always on
 * loopback, and on a reachable address only with an admin token.
 */
export function adminEndpointsEnabled(host: string, adminToken: string | undefined): boolean {
  return adminToken !== undefined || isLoopbackHost(host);
}

/** Origins of a browser app running on the developer's own machine. */
const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d+)?$/;

/**
 * Which origins may call the mock from a browser. An explicit list wins; `*` allows any. By
 * default any origin may when the mock listens on loopback only, and only loopback origins
 * (a frontend dev server on the same machine) when it listens on a reachable address.
 */
export const ALLOW_ANY_ORIGIN = (): boolean => true;

export function corsOriginPolicy(
  corsOrigins: string[] | undefined,
  host: string,
): (origin: string | undefined) => boolean {
  if (corsOrigins && corsOrigins.length > 0) {
    if (corsOrigins.includes('*')) return ALLOW_ANY_ORIGIN;
    const allowed = new Set(corsOrigins);
    return (origin) => origin !== undefined && allowed.has(origin);
  }
  if (isLoopbackHost(host)) return ALLOW_ANY_ORIGIN;
  return (origin) => origin !== undefined && LOOPBACK_ORIGIN.test(origin);
}
