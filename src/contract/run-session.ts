import type { Check, CheckContext, Exchange, Failure, Purpose, PurposeKind } from './types.js';
import type { Priority } from './concurrency.js';
import { parametersCarried, type Observed } from './coverage.js';
import { CreatedResources } from './created-resources.js';
import { placeCredentials, type AuthMode, type RunCredentials } from './credentials.js';
import { isJsonMediaType } from './checks/media-types.js';
import { toCurl } from './curl.js';
import { FailureLimitReached, TargetUnreachableError } from './errors.js';
import { SAFE_METHODS, UNREACHABLE_CODES, type HttpClient, type OutgoingRequest } from './http-client.js';
import { describePurpose } from './checks/failure.js';
import type { ExchangeLog } from './exchange-log.js';
import { compareOrder, type PlanOrder } from './plan-order.js';
import { redactRequest, redactResponse, type Secret } from './redaction.js';
import type { QueryValues } from './parameter-serialization.js';
import type { RequestDefaults } from './request-defaults.js';
import type { ResourceModel } from './resource-model.js';
import type { OperationSpec } from '../engine/operation-index.js';
import { jsonText } from '../json-text.js';

export type RequestBody =
  { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string } | { kind: 'none' };

/**
 * What a probe sends. Parameters it leaves out get the run's valid defaults; one it names with
 * `undefined` is left out of the request on purpose.
 */
export interface RequestInput {
  auth: AuthMode;
  pathParams?: Record<string, string>;
  query?: QueryValues;
  headers?: Record<string, string | undefined>;
  body?: RequestBody;
}

export interface Progress {
  phase: string;
  requests: number;
  failures: number;
}

export interface SessionDeps {
  baseUrl: string;
  checks: readonly Check[];
  ctx: CheckContext;
  client: HttpClient;
  credentials: RunCredentials;
  secrets: Secret[];
  models: ResourceModel[];
  /** Values for the path, required query and required header parameters a probe leaves unset. */
  defaults?: RequestDefaults;
  /** Refuse anything but GET, HEAD and OPTIONS: a safety net under the probes' own care. */
  readOnly: boolean;
  /** Send nothing more once this many distinct failures were found. */
  maxFailures?: number;
  /** Count failures of the document's own constraints (`addition`) as failures, not warnings. */
  strictAdditions?: boolean;
  onProgress?: (progress: Progress) => void;
  /** Where every exchange goes, for a HAR file. */
  log?: ExchangeLog;
}

export { SAFE_METHODS };

export interface CellTally {
  check: string;
  operationId: string;
  evaluated: number;
  failed: number;
  durationMs: number;
  skipReason?: string;
}

/** A server that stops answering this many times in a row is treated as gone. */
const MAX_CONSECUTIVE_NO_ANSWER = 3;

/**
 * The state of one run: sends each request, judges it with every selected check that applies,
 * tallies check × operation, and keeps track of what was created so cleanup can delete it.
 */
export class RunSession {
  readonly created = new CreatedResources();
  requests = 0;
  private readonly cells = new Map<string, CellTally & { skipOrder?: PlanOrder }>();
  private readonly failures = new Map<string, Placed<Failure>>();
  private readonly warnings = new Map<string, Placed<Failure>>();
  /** Set once one lane hits a reason to stop, so the others stop too instead of each finding it. */
  private halted?: Error;
  /** Per operation id, the statuses it answered with and the parameters sent: what coverage is computed from. */
  readonly observed: Observed = { statuses: new Map(), parameters: new Map() };
  private noAnswerStreak = 0;
  private currentPhase = 'starting';

  constructor(private readonly deps: SessionDeps) {}

  /**
   * Sends one request of the plan (`order` is its place there, `priority` its turn for a worker;
   * see Lane) and judges the answer.
   */
  async send(
    op: OperationSpec,
    input: RequestInput,
    purpose: Purpose,
    order: PlanOrder,
    priority: Priority = 1,
  ): Promise<Exchange> {
    if (this.deps.readOnly && !SAFE_METHODS.has(op.method))
      throw new Error(`--read-only run tried to send ${op.method} ${op.path}`);
    if (this.halted) throw this.halted;
    const limit = this.deps.maxFailures;
    if (limit !== undefined && this.failures.size >= limit) throw this.halt(new FailureLimitReached(limit));
    const request = this.build(op, input);
    const outcome = await this.deps.client.send(request, { priority });
    this.requests++;
    if (outcome.transportError?.code && UNREACHABLE_CODES.has(outcome.transportError.code)) {
      throw this.halt(
        new TargetUnreachableError(
          `${this.deps.baseUrl} stopped accepting connections during the run (${outcome.transportError.code})`,
        ),
      );
    }
    const exchange = this.exchangeOf(op, request, outcome, purpose);
    this.observe(op, request, exchange);
    this.track(op, input, exchange, order);
    const failed = this.judge(exchange, order);
    this.deps.log?.record(order, {
      comment: `${op.operationId}: ${describePurpose(purpose)}`,
      request: exchange.request,
      response: exchange.response && redactResponse(exchange.response, this.deps.secrets),
      transportError: exchange.transportError,
      startedAt: outcome.startedAt,
      durationMs: exchange.durationMs,
      failed,
    });
    this.report();
    this.noAnswerStreak = exchange.response ? 0 : this.noAnswerStreak + 1;
    if (this.noAnswerStreak >= MAX_CONSECUTIVE_NO_ANSWER) {
      throw this.halt(
        new TargetUnreachableError(
          `${this.deps.baseUrl} stopped answering: ${MAX_CONSECUTIVE_NO_ANSWER} requests in a row got no response`,
        ),
      );
    }
    return exchange;
  }

  private halt(error: Error): Error {
    this.halted ??= error;
    return error;
  }

  private observe(op: OperationSpec, request: OutgoingRequest, exchange: Exchange): void {
    const { statuses, parameters } = this.observed;
    const sent = parameters.get(op.operationId) ?? new Set<string>();
    for (const key of parametersCarried(op, request)) sent.add(key);
    parameters.set(op.operationId, sent);
    if (!exchange.response) return;
    statuses.set(op.operationId, (statuses.get(op.operationId) ?? new Set<number>()).add(exchange.response.status));
  }

  /** Whether any selected check would judge a request sent for one of these purposes. */
  wants(...kinds: PurposeKind[]): boolean {
    return this.deps.checks.some(
      (check) => check.appliesTo === 'every-response' || kinds.some((k) => check.appliesTo.includes(k)),
    );
  }

  /**
   * Records why these checks could not judge these operations (unless they judged them
   * elsewhere); of several reasons, the one earliest in the plan.
   */
  skip(checks: readonly string[], operationIds: readonly string[], reason: string, order: PlanOrder): void {
    for (const check of checks.filter((name) => this.deps.checks.some((c) => c.name === name))) {
      for (const operationId of operationIds) {
        const cell = this.cell(check, operationId);
        if (cell.skipOrder && compareOrder(cell.skipOrder, order) <= 0) continue;
        cell.skipReason = reason;
        cell.skipOrder = order;
      }
    }
  }

  phase(name: string): void {
    this.currentPhase = name;
    this.report();
  }

  /** In the order of the plan, each as the first request of the plan that failed that way. */
  get failureList(): Failure[] {
    return inPlanOrder(this.failures);
  }

  /** Failures of the document's own constraints only, in a run that is not --strict-additions. */
  get warningList(): Failure[] {
    return inPlanOrder(this.warnings);
  }

  get cellList(): CellTally[] {
    return [...this.cells.values()].map(({ skipOrder: _order, ...cell }) => cell);
  }

  /** Builds the real request: URL under the base URL, credentials for the chosen identity, body. */
  build(op: OperationSpec, input: RequestInput): OutgoingRequest {
    const placement = placeCredentials(this.deps.ctx.spec, op, this.deps.credentials, input.auth);
    const defaults = this.deps.defaults;
    const path = op.path.replace(/\{([^}]+)\}/g, (_match, name: string) =>
      encodeURIComponent(input.pathParams?.[name] ?? defaults?.pathValue(op, name) ?? ''),
    );
    const search = new URLSearchParams();
    const queryValues = { ...defaults?.requiredQuery(op), ...input.query, ...placement.query };
    for (const [name, value] of Object.entries(queryValues)) {
      for (const item of [value ?? []].flat()) search.append(name, item);
    }
    const query = search.toString();
    const given = {
      accept: 'application/json',
      ...defaults?.requiredHeaders(op),
      ...placement.headers,
      ...input.headers,
    };
    const headers = Object.fromEntries(
      Object.entries(given).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    let body: string | undefined;
    if (input.body?.kind === 'json') {
      // The JSON media type the operation documents (`application/json`, or a `+json` type).
      headers['content-type'] = Object.keys(op.requestBody?.content ?? {}).find(isJsonMediaType) ?? 'application/json';
      body = JSON.stringify(input.body.value);
    } else if (input.body?.kind === 'raw') {
      headers['content-type'] = input.body.contentType;
      body = input.body.text;
    }
    return { method: op.method, url: `${this.deps.baseUrl}${path}${query ? `?${query}` : ''}`, headers, body };
  }

  private exchangeOf(
    op: OperationSpec,
    request: OutgoingRequest,
    outcome: Awaited<ReturnType<HttpClient['send']>>,
    purpose: Purpose,
  ): Exchange {
    const secrets = this.deps.secrets;
    const sent = redactRequest(request, secrets);
    const transportError = outcome.transportError && {
      kind: outcome.transportError.kind,
      message: outcome.transportError.message,
    };
    return {
      operationId: op.operationId,
      request: sent,
      response: outcome.response,
      transportError,
      durationMs: outcome.durationMs,
      curl: toCurl(
        sent,
        secrets.map((s) => s.variable),
      ),
      purpose,
    };
  }

  /**
   * Creations are remembered for cleanup whatever the request was for. A resource is forgotten
   * once a delete succeeds, or once its own tenant is told it does not exist (another tenant's
   * 404 says nothing about it).
   */
  private track(op: OperationSpec, input: RequestInput, exchange: Exchange, order: PlanOrder): void {
    const status = exchange.response?.status ?? 0;
    const success = status >= 200 && status < 300;
    const tenant = input.auth.as === 'primary' || input.auth.as === 'second' ? input.auth.as : undefined;
    for (const model of this.deps.models) {
      if (op === model.create && success) {
        const id = (exchange.response?.json?.value as Record<string, unknown> | undefined)?.[model.idField];
        if (id !== undefined && id !== null)
          this.created.add({ model, id: jsonText(id), tenant: tenant ?? 'primary', order });
      }
      const id = input.pathParams?.[model.idParam];
      if (op !== model.delete || id === undefined) continue;
      if (success) this.created.remove(model, id);
      else if ((status === 404 || status === 410) && tenant) this.created.remove(model, id, tenant);
    }
  }

  /** Tallies every check that applies; true when one of them failed the exchange. */
  private judge(exchange: Exchange, order: PlanOrder): boolean {
    let failed = false;
    for (const check of this.deps.checks) {
      if (check.appliesTo !== 'every-response' && !check.appliesTo.includes(exchange.purpose.kind)) continue;
      const unjudgeable = check.cannotJudge?.(this.deps.ctx.spec.operation(exchange.operationId));
      if (unjudgeable) {
        this.skip([check.name], [exchange.operationId], unjudgeable, order);
        continue;
      }
      const cell = this.cell(check.name, exchange.operationId);
      cell.evaluated++;
      cell.durationMs += exchange.durationMs;
      for (const failure of check.run(this.deps.ctx, exchange)) {
        const warning = failure.addition !== undefined && !this.deps.strictAdditions;
        if (!warning) cell.failed++;
        failed ||= !warning;
        const found = warning ? this.warnings : this.failures;
        const key = failureKey(check, failure);
        const seen = found.get(key);
        if (!seen) found.set(key, { value: failure, order });
        else if (compareOrder(order, seen.order) < 0)
          found.set(key, { value: { ...failure, occurrences: seen.value.occurrences + 1 }, order });
        else seen.value.occurrences++;
      }
    }
    return failed;
  }

  private cell(check: string, operationId: string): CellTally & { skipOrder?: PlanOrder } {
    const key = `${check}\u0000${operationId}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = { check, operationId, evaluated: 0, failed: 0, durationMs: 0 };
      this.cells.set(key, cell);
    }
    return cell;
  }

  private report(): void {
    this.deps.onProgress?.({ phase: this.currentPhase, requests: this.requests, failures: this.failures.size });
  }
}

interface Placed<T> {
  value: T;
  order: PlanOrder;
}

function inPlanOrder<T>(placed: Map<string, Placed<T>>): T[] {
  return [...placed.values()].sort((a, b) => compareOrder(a.order, b.order)).map((p) => p.value);
}

/**
 * Identical failures are reported once with a count. A response-level problem (a missing
 * header, a 5xx) is the same bug whatever the request was for; a purpose-specific one (an
 * accepted invalid input) is one failure per input.
 */
function failureKey(check: Check, failure: Failure): string {
  const perInput = check.appliesTo === 'every-response' ? '' : failure.input;
  return [failure.check, failure.operationId, failure.problem, failure.expected, perInput].join('\u0000');
}
