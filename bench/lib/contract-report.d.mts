// Types for bench/lib/contract-report.mjs (plain JavaScript so the bench runs without a build step).
export interface ContractRun {
  scenario: string;
  wallMs: number;
  runMs: number;
  requests: number;
  workers: number;
  loadAverage?: number;
}
export interface ContractCheck {
  target: string;
  pass: boolean;
  shown: string;
}
export interface ContractMeta {
  date: string;
  cpu: string;
  cores: number;
  os: string;
  node: string;
  commit: string;
  rounds: number;
  notes?: string[];
}
export const CONTRACT_SCENARIOS: Record<string, string>;
export function contractChecks(runs: ContractRun[]): ContractCheck[];
export function renderContractReport(results: { meta: ContractMeta; runs: ContractRun[] }): {
  markdown: string;
  passed: number;
  failed: number;
};
