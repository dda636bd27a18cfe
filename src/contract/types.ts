import type { OperationSpec, SchemaObject, SpecIndex } from '../engine/operation-index.js';
import type { DocumentSchemas } from './document-schemas.js';

/** Why the runner sent a request, and what it knows that lets a check judge the answer. */
export type Purpose =
  | { kind: 'positive'; description: string }
  | { kind: 'negative'; description: string; addition?: string }
  | { kind: 'auth'; description: string }
  | { kind: 'read-after-create'; expected: Record<string, unknown>; resourceSchema?: SchemaObject }
  | { kind: 'read-after-update'; expected: Record<string, unknown>; resourceSchema?: SchemaObject }
  | { kind: 'after-delete'; resourceId: string; idField: string; action: 'read' | 'update' | 'delete' | 'list' }
  | { kind: 'list-page'; limit: number; page: number; firstPage: number; reference: string[]; idField: string }
  | { kind: 'list-filter'; filters: ListFilter[]; reference: string[]; idField: string }
  | { kind: 'list-sort'; field: string; direction: 'asc' | 'desc'; fieldSchema?: SchemaObject; description: string }
  | { kind: 'cross-tenant'; resourceId: string; idField: string; action: 'read' | 'update' | 'delete' | 'list' }
  | {
      kind: 'suite-step';
      suite: string;
      step: string;
      expectedStatus: number[];
      assertions: SuiteAssertion[];
      captures: Record<string, string>;
    };

export type PurposeKind = Purpose['kind'];

/** One filter of a filtered list request; `field` is the item property it filters on, when known. */
export interface ListFilter {
  param: string;
  value: unknown;
  field?: string;
}

export interface SuiteAssertion {
  pointer: string;
  equals?: unknown;
  exists?: boolean;
  matches?: string;
  contains?: unknown;
  notContains?: unknown;
  length?: number;
}

export type { SchemaObject } from '../engine/operation-index.js';

/** What was sent, with secrets already replaced by the names of the variables that hold them. */
export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ReceivedResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  bodyText: string;
  /** The parsed body when it is JSON, whatever the content type says. */
  json?: { value: unknown };
}

/** One request and what came back (or why nothing did). */
export interface Exchange {
  operationId: string;
  request: SentRequest;
  response?: ReceivedResponse;
  transportError?: { kind: 'timeout' | 'connection'; message: string };
  durationMs: number;
  /** One line that repeats the request; secrets appear as `$VARIABLE` references. */
  curl: string;
  purpose: Purpose;
}

export interface Failure {
  check: string;
  operationId: string;
  /** The request line, e.g. `GET /trigger-sources?limit=3 → 200`. */
  request: string;
  /** The generated input or scenario step that produced the request. */
  input: string;
  problem: string;
  expected: string;
  actual: string;
  curl: string;
  status?: number;
  correlationId?: string;
  /** How many requests failed the same way (identical failures are reported once). */
  occurrences: number;
  /**
   * Set when only a constraint of the document's own (marked `x-published-as`) was broken: a
   * warning, not a failure, unless the run is --strict-additions.
   */
  addition?: string;
}

export interface CheckContext {
  spec: SpecIndex;
  schemas: DocumentSchemas;
  /** Set when the opt-in max_response_time check runs. */
  maxResponseTimeMs?: number;
}

export type CheckFunction = (ctx: CheckContext, exchange: Exchange) => Failure[];

export interface Check {
  name: string;
  /** "fails when …", as the table in docs/contract-runner.md says it. */
  failsWhen: string;
  /** The exchanges it judges: every response, or only those sent for these purposes. */
  appliesTo: 'every-response' | readonly PurposeKind[];
  /** Off unless named or enabled by its option. */
  optIn?: boolean;
  /**
   * Why the check cannot judge any answer of this operation (the check is then reported as
   * skipped for it, with this reason), or undefined when it can.
   */
  cannotJudge?: (op: OperationSpec) => string | undefined;
  run: CheckFunction;
}
