import { availableParallelism } from 'node:os';
import {
  chosenRequirement,
  isProjectKey,
  persCredentialOf,
  unsatisfiedReason,
  CREDENTIAL_VARIABLES,
  type RunCredentials,
  type TenantCredentials,
} from './credentials.js';
import { ContractConfigError } from './errors.js';
import { SAFE_METHODS } from './run-session.js';
import type { OperationSpec, SpecIndex } from '../engine/operation-index.js';
import type { ReceivedResponse } from './types.js';

/** The most --workers takes: beyond it a run is a load test, which is not what it is for. */
export const MAX_WORKERS = 64;

/**
 * `--workers auto`, the default: 8, or 4 on a single CPU. The requests mostly wait on the server
 * (a slow one answers in seconds), so many more than the cores help; 8 keeps what a real
 * deployment sees from a default run modest.
 */
export function defaultWorkers(cpus = availableParallelism()): number {
  return Math.min(8, 4 * cpus);
}

/** `https://api.pers.ninja/v2/` → `https://api.pers.ninja/v2`; anything but an http(s) URL is refused. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ContractConfigError(`--base-url "${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ContractConfigError(`--base-url must be http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw new ContractConfigError('--base-url must not carry a query or fragment');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const FLAGS = {
  primary: { projectKey: ['--project-key', CREDENTIAL_VARIABLES.projectKey], jwt: ['--jwt', CREDENTIAL_VARIABLES.jwt] },
  second: {
    projectKey: ['--second-project-key', CREDENTIAL_VARIABLES.secondProjectKey],
    jwt: ['--second-jwt', CREDENTIAL_VARIABLES.secondJwt],
  },
} as const;

/**
 * The PERS credentials the operations to be sent need must be given, for the first tenant and,
 * if any second-tenant credential is given, for the second; the two tenants must differ. Other
 * schemes are not required: an operation whose security the credentials cannot satisfy is
 * skipped (see unsendableOperations).
 */
export function checkCredentials(spec: SpecIndex, credentials: RunCredentials, readOnly: boolean): void {
  const operations = spec.operations.filter((op) => !readOnly || SAFE_METHODS.has(op.method));
  const needed = new Set<'projectKey' | 'jwt'>();
  for (const op of operations) {
    for (const name of op.security[0] ?? []) {
      const scheme = spec.securitySchemes[name];
      const credential = scheme && persCredentialOf(name, scheme);
      if (credential) needed.add(credential);
    }
  }
  requireAll('primary', credentials.primary, needed);
  if (credentials.second) {
    requireAll('second', credentials.second, needed);
    if (credentials.second.projectKey && credentials.second.projectKey === credentials.primary.projectKey) {
      throw new ContractConfigError(
        "the second tenant's project key is the first tenant's: tenant isolation needs two different tenants",
      );
    }
  }
}

/**
 * The operations the run does not send, each with the reason: those the first tenant's credentials
 * cannot send, and those that document only informational answers (1xx), which end no exchange,
 * so no final answer is documented to judge.
 */
export function unsendableOperations(spec: SpecIndex, credentials: RunCredentials): Map<string, string> {
  const unsendable = new Map<string, string>();
  for (const op of spec.operations) {
    if (op.responses.length > 0 && op.responses.every((response) => /^1(\d\d|XX)$/.test(response.key)))
      unsendable.set(op.operationId, INFORMATIONAL_ONLY_REASON);
    else if (!chosenRequirement(spec, op, credentials.primary))
      unsendable.set(op.operationId, unsatisfiedReason(spec, op));
  }
  return unsendable;
}

const INFORMATIONAL_ONLY_REASON =
  'documents only informational answers (1xx), which end no exchange: no final answer is documented';

function requireAll(tenant: 'primary' | 'second', given: TenantCredentials, needed: Set<'projectKey' | 'jwt'>): void {
  for (const credential of needed) {
    if (given[credential]) continue;
    const [flag, variable] = FLAGS[tenant][credential];
    const what = tenant === 'second' ? "the second tenant's credentials are incomplete" : 'a credential is missing';
    throw new ContractConfigError(`${what}: pass ${flag} or set ${variable}`);
  }
}

/**
 * Whether the answer `status` of `op` says the credentials were refused: a 401 or a 403 from an
 * operation that documents some other answer. An operation documenting only its refusals
 * (Directus' password-reset requests document nothing but a 401) answers so as documented.
 */
export function refusesCredentials(op: OperationSpec, status: number | undefined): boolean {
  if (status !== 401 && status !== 403) return false;
  return op.responses.some((response) => /^[123]/.test(response.key) || response.key === 'default');
}

/**
 * The server's 401/403 as a configuration error that says which flags (or variables) held the
 * credentials it refused, and what the server said, summarised without cutting a word.
 */
export function credentialsRefused(
  spec: SpecIndex,
  op: OperationSpec,
  tenant: 'primary' | 'second',
  response: ReceivedResponse,
): ContractConfigError {
  const who = tenant === 'primary' ? 'the credentials' : "the second tenant's credentials";
  const sent = credentialsSent(spec, op).map((credential) => FLAGS[tenant][credential].join(' / '));
  return new ContractConfigError(
    `the server refused ${who}: ${op.method} ${op.path} answered ${response.status}` +
      `${serverSaid(response)}; check ${sent.join(' and ') || 'the credentials'}`,
  );
}

/** The credentials a request to `op` carries: the tenant's project key always, plus what the operation requires. */
function credentialsSent(spec: SpecIndex, op: OperationSpec): Array<'projectKey' | 'jwt'> {
  const sent = new Set<'projectKey' | 'jwt'>();
  if (Object.values(spec.securitySchemes).some(isProjectKey)) sent.add('projectKey');
  for (const name of op.security[0] ?? []) {
    const scheme = spec.securitySchemes[name];
    const credential = scheme && persCredentialOf(name, scheme);
    if (credential) sent.add(credential);
  }
  return (['jwt', 'projectKey'] as const).filter((credential) => sent.has(credential));
}

const SAID_MAX = 160;

/** ` (CODE: message)` from a PERS error body, else the body's first words; nothing for an empty body. */
function serverSaid(response: ReceivedResponse): string {
  const body = response.json?.value as Record<string, unknown> | undefined;
  const message = [body?.message, body?.detail, body?.title].find((v) => typeof v === 'string');
  const text =
    body && typeof body === 'object' && typeof message === 'string'
      ? `${typeof body.code === 'string' ? `${body.code}: ` : ''}${message}`
      : response.bodyText;
  const words = text.replace(/\s+/g, ' ').trim();
  if (!words) return '';
  if (words.length <= SAID_MAX) return ` (${words})`;
  const cut = words.slice(0, SAID_MAX + 1);
  const end = cut.lastIndexOf(' ');
  return ` (${cut.slice(0, end > 0 ? end : SAID_MAX).replace(/[,;:.]$/, '')} …)`;
}
