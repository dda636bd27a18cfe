/** Spaces request starts at least `1000 / rate` ms apart; without a rate it never waits. */
export class RateLimiter {
  private readonly intervalMs: number;
  private nextStart = 0;

  constructor(requestsPerSecond?: number) {
    this.intervalMs = requestsPerSecond ? 1000 / requestsPerSecond : 0;
  }

  async wait(): Promise<void> {
    if (this.intervalMs === 0) return;
    const now = performance.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.intervalMs;
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }
}
