import { loadSpec } from '../engine/load-spec.js';
import { selectChecks } from './check-selection.js';
import { settleAll } from './concurrency.js';
import { deleteCreated } from './cleanup.js';
import { coverageOf } from './coverage.js';
import { secretsOf, type RunCredentials } from './credentials.js';
import { ContractConfigError, FailureLimitReached, RunInterrupted, TargetUnreachableError } from './errors.js';
import type { ExchangeLog } from './exchange-log.js';
import { createRandom, randomSeed } from '../engine/generation/random.js';
import { HttpClient } from './http-client.js';
import { Lane } from './lane.js';
import { preflight } from './preflight.js';
import { authProbes } from './probes/auth-probes.js';
import { isolationProbes } from './probes/isolation-probes.js';
import { listProbes } from './probes/list-probes.js';
import { negativeProbes } from './probes/negative-probes.js';
import { positiveProbes } from './probes/positive-probes.js';
import {
  inParallel,
  READ_ONLY_REASON,
  requestValue,
  type ModelState,
  type ProbeContext,
} from './probes/probe-context.js';
import { createFixtures, deleteLifecycle, resourceRoles, updateProbes } from './probes/resource-lifecycle.js';
import { suiteProbes, type SuiteOutcome } from './probes/suite-probes.js';
import { redactDeep } from './redaction.js';
import { RequestDefaults } from './request-defaults.js';
import { deletesOutsideModels, itemsWithoutKnownIds, resourceModels } from './resource-model.js';
import { findCrudCollections } from '../engine/resource-collections.js';
import { outcomeOf, toCells, totalsOf, type ContractResult } from './result.js';
import { checkCredentials, defaultWorkers, normaliseBaseUrl, unsendableOperations } from './run-config.js';
import { RunSession, SAFE_METHODS, type Progress } from './run-session.js';
import type { PurposeKind } from './types.js';
import { DocumentSchemas } from './document-schemas.js';
import { SpecIndex, type OperationSpec } from '../engine/operation-index.js';
import { allChecks } from './checks/index.js';
import { loadSuites, type Suite } from './suites/suite-loader.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ContractOptions {
  baseUrl: string;
  specFile: string;
  /** An OpenAPI Overlay 1.0 file applied to the document first. */
  overlayFile?: string;
  /** A YAML suite file or a directory of them; none when absent. */
  suitePath?: string;
  credentials: RunCredentials;
  /** Check names to run (default: all but the opt-in ones). */
  checks?: string[];
  excludeChecks?: string[];
  readOnly?: boolean;
  /**
   * Fail, rather than warn about, invalid inputs only this document's own constraints forbid
   * (those marked `x-published-as`); off by default, so a server that follows the published
   * document is not failed for what pers-mock adds.
   */
  strictAdditions?: boolean;
  maxResponseTimeMs?: number;
  /** Stop sending new requests after this many distinct failures; cleanup and reports still run. */
  maxFailures?: number;
  /** Requests per second, all workers together. */
  rate?: number;
  /** Requests in flight at once (default: defaultWorkers()); the reports are the same whatever it is. */
  workers?: number;
  timeoutMs?: number;
  /** Seeds every generated input; random (and reported) when absent. */
  seed?: number;
  /** Aborting stops the run between requests; cleanup still runs. */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Receives every exchange of the run, cleanup included (for `--har`). */
  log?: ExchangeLog;
}

/**
 * Checks a live server against an OpenAPI document: spec-derived probes for every operation,
 * then the YAML suites, then deletes everything it created. Configuration problems throw
 * ContractConfigError, an unreachable target TargetUnreachableError; everything the server
 * does wrong is data in the result.
 */
export async function runContract(options: ContractOptions): Promise<ContractResult> {
  const started = Date.now();
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const checks = selectChecks(options);
  const loaded = await loadSpec(options.specFile, { validate: true, overlay: options.overlayFile }).catch(
    (error: Error) => {
      throw new ContractConfigError(error.message);
    },
  );
  const spec = new SpecIndex(loaded.dereferenced);
  const validator = await DocumentSchemas.forDocument(loaded, spec);
  const readOnly = options.readOnly ?? false;
  checkCredentials(spec, options.credentials, readOnly);
  const unsendable = unsendableOperations(spec, options.credentials);
  const sendable = spec.only((op) => !unsendable.has(op.operationId));
  const suites = options.suitePath ? await loadSuites(options.suitePath, spec) : [];
  const seed = options.seed ?? randomSeed();
  const secrets = secretsOf(options.credentials);
  const workers = options.workers ?? defaultWorkers();
  const client = new HttpClient({
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    rate: options.rate,
    workers,
    signal: options.signal,
  });
  const collections = findCrudCollections(loaded.dereferenced, new Set()).collections;
  const models = resourceModels(sendable, collections);
  const rng = await createRandom(seed);
  const session = new RunSession({
    baseUrl,
    checks,
    ctx: { spec, schemas: validator, maxResponseTimeMs: options.maxResponseTimeMs },
    client,
    credentials: options.credentials,
    secrets,
    models,
    defaults: new RequestDefaults(rng.fork('defaults'), validator, requestValue),
    readOnly,
    strictAdditions: options.strictAdditions ?? false,
    maxFailures: options.maxFailures,
    onProgress: options.onProgress,
    log: options.log,
  });
  await preflight(session, client, sendable, options.credentials, baseUrl);
  const plan = new Lane(session);
  for (const [operationId, reason] of unsendable)
    plan.skip(
      checks.map((check) => check.name),
      [operationId],
      reason,
    );
  for (const [operationId, reason] of deletesOutsideModels(sendable, models))
    plan.skip(['use_after_free'], [operationId], reason);

  const pc: ProbeContext = {
    session: plan,
    spec: sendable,
    unsendable,
    validator,
    rng,
    readOnly,
    credentials: options.credentials,
    states: models.map((model): ModelState => ({ model, fixtures: [], reference: [] })),
    withoutKnownIds: itemsWithoutKnownIds(sendable, collections, models),
  };
  let suiteOutcomes: SuiteOutcome[] = [];
  let stopped: ContractResult['stopped'];
  try {
    suiteOutcomes = await runProbes(pc, suites);
  } catch (error) {
    if (error instanceof RunInterrupted)
      stopped = { kind: 'interrupted', reason: 'interrupted; created resources were cleaned up' };
    else if (error instanceof TargetUnreachableError) stopped = { kind: 'unreachable', reason: error.message };
    else if (error instanceof FailureLimitReached)
      stopped = { kind: 'max-failures', reason: `${error.message}; created resources were cleaned up` };
    else {
      await deleteCreated(session, client, secrets, options.log);
      client.close();
      throw error;
    }
  }
  session.phase('cleaning up');
  const cleanup = await deleteCreated(session, client, secrets, options.log);
  client.close();
  const operations = spec.operations.map((op) => op.operationId);
  const cells = toCells(session.cellList, checks, operations);
  const failures = session.failureList;
  const totals = totalsOf(cells, failures);
  const result: ContractResult = {
    outcome: outcomeOf(stopped, totals),
    target: baseUrl,
    spec: options.specFile,
    seed,
    readOnly,
    workers,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: session.requests,
    checks: checks.map((c) => c.name),
    operations,
    cells,
    failures,
    warnings: session.warningList,
    suites: suiteOutcomes,
    cleanup,
    coverage: coverageOf(spec.operations, session.observed),
    ...(stopped ? { stopped } : {}),
    totals,
  };
  return redactDeep(result, secrets);
}

/**
 * The probes in stages where each finds what it needs: the run's own resources first, then the
 * lists (which the suites' creations would disturb), then everything that works on existing
 * resources side by side with the suites, and the requests without credentials last (a server
 * that ignores auth on DELETE really deletes). Within a stage, independent requests run side by
 * side (see inParallel); the reads that need nothing of the run fill free workers from the lists on. A
 * probe runs only when a selected check would judge what it sends; the run's own resources are
 * created only for probes that use them, and the list probes work on what the list already holds.
 */
async function runProbes(pc: ProbeContext, suites: Suite[]): Promise<SuiteOutcome[]> {
  const wants = (...kinds: PurposeKind[]) => pc.session.wants(...kinds);
  if (pc.readOnly) {
    skipWritesForReadOnly(pc);
  } else if (wants(...USES_OWN_RESOURCES)) {
    await inParallel(pc, pc.states, createFixtures);
  }
  const [filler] = pc.session.fork(1, { filler: true });
  const [suiteOutcomes] = await settleAll<unknown>([
    () => listsAndAfter(pc, suites),
    () => probesNeedingNothing({ ...pc, session: filler }),
  ]);
  return suiteOutcomes as SuiteOutcome[];
}

async function listsAndAfter(pc: ProbeContext, suites: Suite[]): Promise<SuiteOutcome[]> {
  await inParallel(pc, pc.states, listProbes);
  const [probes, suiteLane] = pc.session.fork(2);
  // The suites start first: a sequence should not wait behind the bulk of independent requests.
  const suitesDone = pc.session.wants('suite-step')
    ? suiteProbes({ ...pc, session: suiteLane }, suites)
    : Promise.resolve([]);
  const probesDone = probesOnExistingResources({ ...pc, session: probes });
  await settleAll<unknown>([() => probesDone, () => suitesDone]);
  return suitesDone;
}

/**
 * Updates, the other tenant, deletes, reads and invalid inputs, side by side when each works on
 * a resource of its own (see resourceRoles), else one after another; then the requests without
 * credentials. The sequences come first, so they start before the independent requests.
 */
async function probesOnExistingResources(pc: ProbeContext): Promise<void> {
  const wants = (...kinds: PurposeKind[]) => pc.session.wants(...kinds);
  const writes = !pc.readOnly;
  const eachState = (probe: (pc: ProbeContext, state: ModelState) => Promise<void>) => (pc: ProbeContext) =>
    inParallel(pc, pc.states, probe);
  const probes = [
    ...(writes && wants('positive', 'read-after-update') ? [eachState(updateProbes)] : []),
    ...(wants('cross-tenant') ? [eachState(isolationProbes)] : []),
    ...(writes && wants('positive', 'after-delete') ? [eachState(deleteLifecycle)] : []),
    ...(wants('positive') ? [positiveProbes] : []),
    ...(wants('negative') ? [(pc: ProbeContext) => negativeProbes(needingSomething(pc))] : []),
  ];
  if (!writes || pc.states.every((state) => resourceRoles(state).apart))
    await inParallel(pc, probes, (pc, probe) => probe(pc));
  else for (const probe of probes) await probe(pc);
  if (wants('auth')) await authProbes(needingSomething(pc));
}

function needingSomething(pc: ProbeContext): ProbeContext {
  return { ...pc, spec: pc.spec.only((op) => !needsNothing(op)) };
}

/**
 * Reads of operations that take no identifier need nothing of the run and change nothing, so
 * their invalid inputs and requests without credentials need no stage of their own: they take
 * the workers the other stages leave free. (They wait for the creations, which must not wait
 * behind them.)
 */
function probesNeedingNothing(pc: ProbeContext): Promise<unknown> {
  const wants = (...kinds: PurposeKind[]) => pc.session.wants(...kinds);
  const early = { ...pc, spec: pc.spec.only(needsNothing) };
  return settleAll([
    () => (wants('negative') ? negativeProbes(early) : Promise.resolve()),
    () => (wants('auth') ? authProbes(early) : Promise.resolve()),
  ]);
}

function needsNothing(op: OperationSpec): boolean {
  return SAFE_METHODS.has(op.method) && !op.parameters.some((p) => p.in === 'path');
}

/**
 * Requests sent on the run's own resources: creations and their read-backs, updates, deletes,
 * and those that would change or remove a resource if the server wrongly accepted them (invalid
 * updates, another tenant's writes, writes without credentials), which must never land on data
 * the run did not create.
 */
const USES_OWN_RESOURCES: PurposeKind[] = [
  'positive',
  'read-after-create',
  'read-after-update',
  'after-delete',
  'negative',
  'cross-tenant',
  'auth',
];

/** What --read-only leaves out, cell by cell, so the report says so instead of showing nothing. */
function skipWritesForReadOnly(pc: ProbeContext): void {
  const ids = (ops: Array<OperationSpec | undefined>) =>
    ops.filter((op) => op !== undefined).map((op) => op.operationId);
  const unsafe = pc.spec.operations.filter((op) => !SAFE_METHODS.has(op.method));
  const sentToEveryOperation = [
    ...allChecks.filter((c) => c.appliesTo === 'every-response').map((c) => c.name),
    'positive_data_acceptance',
  ];
  pc.session.skip(sentToEveryOperation, ids(unsafe), READ_ONLY_REASON);
  for (const { model } of pc.states) {
    pc.session.skip(['ensure_resource_availability', 'update_persisted'], ids([model.read]), READ_ONLY_REASON);
    pc.session.skip(['use_after_free'], ids([model.read, model.update, model.delete, model.list]), READ_ONLY_REASON);
    pc.session.skip(['tenant_isolation'], ids([model.update, model.delete]), READ_ONLY_REASON);
  }
}
