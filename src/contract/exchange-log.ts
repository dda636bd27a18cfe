import { compareOrder, type PlanOrder } from './plan-order.js';
import type { ReceivedResponse, SentRequest } from './types.js';

/** One request of the run as it went over the wire, secrets already redacted. */
export interface LoggedExchange {
  /** Why it was sent: the operation and the probe, suite step or cleanup it belongs to. */
  comment: string;
  request: SentRequest;
  response?: ReceivedResponse;
  transportError?: { kind: 'timeout' | 'connection'; message: string };
  /** Epoch ms when the request was sent. */
  startedAt: number;
  durationMs: number;
  /** Some check failed it (a warning does not count). */
  failed: boolean;
}

/**
 * The exchanges of a run, for `--har`: the caller passes one in and reads it afterwards. Kept in
 * the order the run planned them, so the file is the same however the requests interleaved.
 */
export class ExchangeLog {
  private readonly logged: Array<{ order: PlanOrder; exchange: LoggedExchange }> = [];

  record(order: PlanOrder, exchange: LoggedExchange): void {
    this.logged.push({ order, exchange });
  }

  entries(): LoggedExchange[] {
    return [...this.logged].sort((a, b) => compareOrder(a.order, b.order)).map((entry) => entry.exchange);
  }
}
