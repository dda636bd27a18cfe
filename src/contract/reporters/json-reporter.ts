import type { ContractResult } from '../result.js';

/** The whole result, as data: what `--json FILE` writes. Secrets are already redacted. */
export function renderJson(result: ContractResult): string {
  return `${JSON.stringify({ format: 'pers-mock-contract/1', ...result }, null, 2)}\n`;
}
