import { allChecks, checkNames } from './checks/index.js';
import { ContractConfigError } from './errors.js';
import type { Check } from './types.js';

/**
 * The checks to run: the named ones (default: every check that is not opt-in, plus
 * max_response_time when a limit is given), minus the excluded ones.
 */
export function selectChecks(options: {
  checks?: string[];
  excludeChecks?: string[];
  maxResponseTimeMs?: number;
}): Check[] {
  for (const name of [...(options.checks ?? []), ...(options.excludeChecks ?? [])]) {
    if (!checkNames.includes(name)) {
      throw new ContractConfigError(`unknown check "${name}"; the checks are: ${checkNames.join(', ')}`);
    }
  }
  const named = options.checks && options.checks.length > 0 ? new Set(options.checks) : undefined;
  if (named?.has('max_response_time') && options.maxResponseTimeMs === undefined) {
    throw new ContractConfigError('max_response_time needs a limit: pass --max-response-time MS');
  }
  const excluded = new Set(options.excludeChecks ?? []);
  const selected = allChecks.filter((check) => {
    if (excluded.has(check.name)) return false;
    if (named) return named.has(check.name);
    return !check.optIn || (check.name === 'max_response_time' && options.maxResponseTimeMs !== undefined);
  });
  if (selected.length === 0) throw new ContractConfigError('no checks left to run after --checks and --exclude-checks');
  return selected;
}
