/**
 * The error catalogue: every error the mock can answer with, in one place. Each entry is
 * rendered in the PERS structured error shape by `renderPersError`.
 */
export type ErrorCategory = 'VALIDATION' | 'SECURITY' | 'DOMAIN_RULE' | 'TECHNICAL';

export interface ErrorDefinition {
  status: number;
  title: string;
  category: ErrorCategory;
  domain: string;
  retryable: boolean;
}

export const errorCatalogue = {
  VALIDATION_FAILED: {
    status: 400,
    title: 'Validation Failed',
    category: 'VALIDATION',
    domain: 'request',
    retryable: false,
  },
  BAD_REQUEST: { status: 400, title: 'Bad Request', category: 'VALIDATION', domain: 'request', retryable: false },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON', category: 'VALIDATION', domain: 'request', retryable: false },
  MOCK_PREFERENCE_INVALID: {
    status: 400,
    title: 'Invalid Mock Preference',
    category: 'VALIDATION',
    domain: 'mock',
    retryable: false,
  },
  AUTH_TOKEN_MISSING: {
    status: 401,
    title: 'Authentication Required',
    category: 'SECURITY',
    domain: 'auth',
    retryable: false,
  },
  AUTH_TOKEN_INVALID: { status: 401, title: 'Invalid Token', category: 'SECURITY', domain: 'auth', retryable: false },
  AUTH_TOKEN_EXPIRED: { status: 401, title: 'Token Expired', category: 'SECURITY', domain: 'auth', retryable: false },
  PROJECT_KEY_MISSING: {
    status: 401,
    title: 'Project Key Required',
    category: 'SECURITY',
    domain: 'auth',
    retryable: false,
  },
  PROJECT_KEY_INVALID: {
    status: 401,
    title: 'Invalid Project Key',
    category: 'SECURITY',
    domain: 'auth',
    retryable: false,
  },
  ADMIN_TOKEN_INVALID: {
    status: 401,
    title: 'Admin Token Required',
    category: 'SECURITY',
    domain: 'mock-admin',
    retryable: false,
  },
  ADMIN_ENDPOINT_DISABLED: {
    status: 403,
    title: 'Admin Endpoint Disabled',
    category: 'SECURITY',
    domain: 'mock-admin',
    retryable: false,
  },
  TENANT_MISMATCH: { status: 403, title: 'Tenant Mismatch', category: 'SECURITY', domain: 'auth', retryable: false },
  CREDENTIALS_MISSING: {
    status: 401,
    title: 'Authentication Required',
    category: 'SECURITY',
    domain: 'auth',
    retryable: false,
  },
  CREDENTIALS_INVALID: {
    status: 401,
    title: 'Invalid Credentials',
    category: 'SECURITY',
    domain: 'auth',
    retryable: false,
  },
  TRIGGER_SOURCE_NOT_FOUND: {
    status: 404,
    title: 'Resource Not Found',
    category: 'DOMAIN_RULE',
    domain: 'trigger-source',
    retryable: false,
  },
  RESOURCE_NOT_FOUND: {
    status: 404,
    title: 'Resource Not Found',
    category: 'DOMAIN_RULE',
    domain: 'resource',
    retryable: false,
  },
  RESOURCE_CONFLICT: {
    status: 409,
    title: 'Resource Conflict',
    category: 'DOMAIN_RULE',
    domain: 'resource',
    retryable: false,
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    title: 'Route Not Found',
    category: 'VALIDATION',
    domain: 'routing',
    retryable: false,
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'Method Not Allowed',
    category: 'VALIDATION',
    domain: 'routing',
    retryable: false,
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Payload Too Large',
    category: 'VALIDATION',
    domain: 'request',
    retryable: false,
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    title: 'Request Header Fields Too Large',
    category: 'VALIDATION',
    domain: 'request',
    retryable: false,
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported Media Type',
    category: 'VALIDATION',
    domain: 'request',
    retryable: false,
  },
  NO_FINAL_RESPONSE: {
    status: 501,
    title: 'No Final Response',
    category: 'TECHNICAL',
    domain: 'request',
    retryable: false,
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service Unavailable',
    category: 'TECHNICAL',
    domain: 'server',
    retryable: true,
  },
  STORE_UNAVAILABLE: {
    status: 503,
    title: 'Service Unavailable',
    category: 'TECHNICAL',
    domain: 'server',
    retryable: true,
  },
  UPSTREAM_CONTRACT_VIOLATION: {
    status: 502,
    title: 'Upstream Contract Violation',
    category: 'TECHNICAL',
    domain: 'proxy',
    retryable: false,
  },
  UPSTREAM_UNAVAILABLE: {
    status: 502,
    title: 'Upstream Unavailable',
    category: 'TECHNICAL',
    domain: 'proxy',
    retryable: true,
  },
  UPSTREAM_TIMEOUT: { status: 504, title: 'Upstream Timeout', category: 'TECHNICAL', domain: 'proxy', retryable: true },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Internal Server Error',
    category: 'TECHNICAL',
    domain: 'server',
    retryable: true,
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface Violation {
  location: 'body' | 'query' | 'path' | 'header';
  path: string;
  message: string;
  keyword?: string;
}

export interface PersErrorExtras {
  target?: string;
  details?: Record<string, unknown>;
  /** Response headers that belong with this error (e.g. `Allow` on a 405). */
  headers?: Record<string, string>;
  /** The status to answer with instead of the catalogue's (the one the operation documents). */
  status?: number;
}

/** A client-facing error: thrown anywhere in the request pipeline, rendered in one place. */
export class PersError extends Error {
  readonly code: ErrorCode;
  readonly extras: PersErrorExtras;

  constructor(code: ErrorCode, detail: string, extras: PersErrorExtras = {}) {
    // An answer, not a fault: no stack is ever shown for it, and capturing one costs more than
    // the rest of a 4xx answer.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'PersError';
    this.code = code;
    this.extras = extras;
  }

  get status(): number {
    return this.extras.status ?? errorCatalogue[this.code].status;
  }
}

export interface PersErrorBody {
  status: number;
  title: string;
  detail: string;
  message: string;
  code: ErrorCode;
  category: ErrorCategory;
  timestamp: string;
  correlationId: string;
  retryable: boolean;
  domain: string;
  target?: string;
  details?: Record<string, unknown>;
}

export function renderPersError(error: PersError, correlationId: string, now: Date): PersErrorBody {
  const definition: ErrorDefinition = errorCatalogue[error.code];
  const body: PersErrorBody = {
    status: error.status,
    title: definition.title,
    detail: error.message,
    message: error.message,
    code: error.code,
    category: definition.category,
    timestamp: now.toISOString(),
    correlationId,
    retryable: definition.retryable,
    domain: definition.domain,
  };
  if (error.extras.target !== undefined) body.target = error.extras.target;
  if (error.extras.details !== undefined) body.details = error.extras.details;
  return body;
}

/** One 400 that lists every violation; `target` names the first offending property. */
export function validationError(violations: Violation[]): PersError {
  const summary = violations.map((v) => `${v.location}${v.path}: ${v.message}`).join('; ');
  const noun = violations.length === 1 ? 'invalid value' : 'invalid values';
  return new PersError('VALIDATION_FAILED', `The request has ${violations.length} ${noun}: ${summary}`, {
    target: targetOf(violations[0]),
    details: { violations },
  });
}

function targetOf(violation: Violation | undefined): string | undefined {
  if (!violation) return undefined;
  const segments = violation.path.split('/').filter(Boolean);
  return segments.at(-1) ?? violation.location;
}
