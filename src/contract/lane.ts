import type { Exchange, Purpose, PurposeKind } from './types.js';
import type { OperationSpec } from '../engine/operation-index.js';
import type { OutgoingRequest } from './http-client.js';
import type { PlanOrder } from './plan-order.js';
import type { RequestInput, RunSession } from './run-session.js';

/**
 * One thread of the run's plan: its requests go out one after another, while other lanes run
 * beside it (as many requests at once as --workers allows). Each request and skip is given its
 * place in the plan, and the session orders failures, skips, created resources and the HAR file
 * by that place rather than by when answers arrived, so the same seed gives the same reports
 * whatever the number of workers.
 */
export class Lane {
  private count = 0;
  private sent = false;

  constructor(
    private readonly session: RunSession,
    private readonly path: PlanOrder = [],
    private readonly filler = false,
  ) {}

  /**
   * Who gets the next free worker: a lane's second and later requests first, since finishing a
   * sequence (a suite, a resource's updates) keeps the longest chains short; then the first
   * requests of lanes; then filler lanes, which only use workers nothing else needs.
   */
  send(op: OperationSpec, input: RequestInput, purpose: Purpose): Promise<Exchange> {
    const priority = this.filler ? 2 : this.sent ? 0 : 1;
    this.sent = true;
    return this.session.send(op, input, purpose, this.next(), priority);
  }

  skip(checks: readonly string[], operationIds: readonly string[], reason: string): void {
    this.session.skip(checks, operationIds, reason, this.next());
  }

  wants(...kinds: PurposeKind[]): boolean {
    return this.session.wants(...kinds);
  }

  build(op: OperationSpec, input: RequestInput): OutgoingRequest {
    return this.session.build(op, input);
  }

  phase(name: string): void {
    this.session.phase(name);
  }

  /** `count` lanes that run side by side, placed in the plan where this lane now stands. */
  fork(count: number, { filler = this.filler } = {}): Lane[] {
    const at = this.next();
    return Array.from({ length: count }, (_, i) => new Lane(this.session, [...at, i], filler));
  }

  private next(): PlanOrder {
    return [...this.path, this.count++];
  }
}
