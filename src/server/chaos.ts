import { createRandom } from '../engine/generation/random.js';
import { PersError } from '../errors.js';

export interface ChaosSettings {
  /** Added to every API response, uniformly between min and max milliseconds. */
  latency: { min: number; max: number };
  /** The fraction of API requests answered with a retryable 503 instead. */
  errorRate: number;
  /** Makes the sequence of delays and failures reproducible. */
  seed: number | null;
}

export const NO_CHAOS: ChaosSettings = { latency: { min: 0, max: 0 }, errorRate: 0, seed: null };
export const MAX_LATENCY_MS = 60_000;

/**
 * Server-wide flakiness for API routes (admin endpoints and docs are exempt): latency and a
 * rate of 503s, drawn from a seeded generator so a run can be replayed.
 */
export class Chaos {
  private current: ChaosSettings = NO_CHAOS;
  /** The seeded sequence, when there is a seed; it loads on first use. */
  private seeded: Promise<() => number> | undefined;

  constructor(settings: Partial<ChaosSettings> = {}) {
    this.update(settings);
  }

  get settings(): ChaosSettings {
    return structuredClone(this.current);
  }

  /** Changes some settings; a given seed restarts the sequence. */
  update(changes: Partial<ChaosSettings>): ChaosSettings {
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const next: ChaosSettings = { ...this.current, ...given };
    if (next.latency.min > next.latency.max) {
      throw new PersError('VALIDATION_FAILED', `latency min (${next.latency.min}) is above max (${next.latency.max})`, {
        target: 'latency',
      });
    }
    this.current = next;
    if (changes.seed !== undefined)
      this.seeded = next.seed === null ? undefined : createRandom(next.seed).then((random) => () => random.next());
    return this.settings;
  }

  /** Waits the drawn latency, then throws the drawn failure, if any. */
  async apply(): Promise<void> {
    const { latency, errorRate } = this.current;
    if (latency.max === 0 && errorRate === 0) return;
    const draw = this.seeded ? await this.seeded : Math.random;
    if (latency.max > 0) await sleep(latency.min + Math.round(draw() * (latency.max - latency.min)));
    if (errorRate > 0 && draw() < errorRate) {
      throw new PersError(
        'SERVICE_UNAVAILABLE',
        'The service is temporarily unavailable; retry later (simulated by --error-rate)',
      );
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Parses `MIN-MAX` (or a single value) in milliseconds. */
export function parseLatency(value: string): { min: number; max: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value.trim());
  if (!match) throw new Error(`latency must be MIN-MAX in milliseconds (e.g. 100-500), not "${value}"`);
  const min = Number(match[1]);
  const max = Number(match[2] ?? match[1]);
  if (min > max || max > MAX_LATENCY_MS)
    throw new Error(`latency must have MIN ≤ MAX ≤ ${MAX_LATENCY_MS}, not "${value}"`);
  return { min, max };
}
