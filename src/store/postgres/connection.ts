import postgres, { type Sql } from 'postgres';
import { StoreOpenError, StoreUnavailableError } from '../store-errors.js';

/** Connections per replica: enough for writes that commit together to share a WAL flush. */
const POOL_SIZE = 8;
const CONNECT_TIMEOUT_S = 5;
/** Attempts to reach the database at start, with doubling waits in between (about 3 s in all). */
const START_ATTEMPTS = 5;
const FIRST_RETRY_MS = 200;
/**
 * Seconds a lost connection waits before it reconnects, by failed attempt in a row. The client's
 * default grows to 20 s, so a request sent just after the database returns could wait that long
 * for a connection; this one stays under half a second.
 */
const reconnectDelay = (failures: number) => Math.min(0.025 * 2 ** failures, 0.4);

/** SQLSTATE classes and client codes that mean "the database is not there", not "the query is wrong". */
const UNAVAILABLE_SQLSTATES = /^(08|53|57P0[1-3])/;
const UNAVAILABLE_CLIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

export function connect(url: string): Sql {
  return postgres(url, {
    max: POOL_SIZE,
    connect_timeout: CONNECT_TIMEOUT_S,
    idle_timeout: 60,
    backoff: reconnectDelay,
    onnotice: () => {},
    // The store reads and writes no arrays; without this, each new connection first asks for the
    // array types, a query whose failure (the database lost at that moment) nothing could catch.
    fetch_types: false,
    // The mock's own settings, so nothing in the environment (PGOPTIONS) loosens durability.
    connection: { application_name: 'pers-mock', synchronous_commit: 'on' },
  });
}

export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (UNAVAILABLE_CLIENT_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code));
}

/** Runs a store operation; losing the database is a StoreUnavailableError, anything else stays a bug. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw isUnavailable(error) ? new StoreUnavailableError(error as Error) : error;
  }
}

/** Waits for the database at start, a few times with a growing wait; then gives up with a clear message. */
export async function waitForDatabase(sql: Sql, where: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`SELECT 1`;
      return;
    } catch (error) {
      if (!isUnavailable(error) && !isAuthenticationError(error)) throw error;
      if (attempt === START_ATTEMPTS || isAuthenticationError(error)) {
        throw new StoreOpenError(where, `cannot connect (${(error as Error).message}) after ${attempt} attempt(s)`);
      }
      await new Promise((resolve) => setTimeout(resolve, FIRST_RETRY_MS * 2 ** (attempt - 1)));
    }
  }
}

function isAuthenticationError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '28P01' || code === '28000' || code === '3D000';
}

/** The URL without its password, for messages and the health endpoint. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'the --store URL';
  }
}

/**
 * A value for a json parameter: postgres.js serialises it with JSON.stringify, having learned the
 * parameter's type from the statement (its sql.json would send jsonb, which drops key order and NUL).
 */
export function asJson(value: unknown): string {
  return value as string;
}
