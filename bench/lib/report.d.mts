// Types for bench/lib/report.mjs (plain JavaScript so the bench runs without a build step).
export interface LoadRun {
  requestsPerSecond: number;
  latencyMs: { p50: number | null; p99: number | null; p90?: number | null; max?: number | null; mean?: number | null };
  rssPeakMb?: number | null;
  non2xx?: number;
  errors?: number;
  timeouts?: number;
  storeAfter?: number | null;
  ok?: number;
  sent?: number;
  [key: string]: unknown;
}
export interface RunSummary {
  runs: number;
  rps: number | null;
  rpsSpread: number | null;
  p50: number | null;
  p99: number | null;
  rssMb: number | null;
  failures: number;
  storeAfter: number | null;
  /** 2xx responses over all runs. */
  answered: number;
}
export interface Check {
  label: string;
  pass: boolean | null;
  shown: string;
}
export const SCENARIOS: Record<'list' | 'get' | 'create' | 'update' | 'mixed', string>;
export const TARGETS: {
  readRatio: number;
  readP99Ms: number;
  writeRatio: number;
  scaleRatio: number;
  startupDefaultMs: number;
  startupLargeMs: number;
  idleRssMb: number;
};
export function median(values: Array<number | null | undefined>): number | null;
export function max(values: Array<number | null | undefined>): number | null;
export function summariseRuns(runs: LoadRun[]): RunSummary;
export function ratio(value: number | null | undefined, base: number | null | undefined): number | null;
export function scenarioChecks(
  name: string,
  row: RunSummary,
  baseline: RunSummary,
  atSmallestScale: (RunSummary & { sources: string }) | null,
  isLargeScale: boolean,
): Check[];
export function fmtRps(v: number | null | undefined): string;
export function fmtMs(v: number | null | undefined): string;
export function fmtMb(v: number | null | undefined): string;
export function fmtRatio(v: number | null | undefined): string;
export function renderReport(results: unknown): { markdown: string; passed: number; failed: number };
