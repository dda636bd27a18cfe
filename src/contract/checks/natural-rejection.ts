import type { OperationSpec } from '../../engine/operation-index.js';
import type { PurposeKind } from '../types.js';

/**
 * The statuses HTTP prescribes for a request the runner got wrong on purpose: an invalid input is
 * a 400 or 422, a missing or bad credential a 401 or 403, a deleted resource a 404 or 410, another
 * tenant's resource a 403 or 404.
 */
const NATURAL_STATUSES: Partial<Record<PurposeKind, readonly number[]>> = {
  negative: [400, 422],
  auth: [401, 403],
  'after-delete': [404, 410],
  'cross-tenant': [403, 404],
};

/**
 * Whether `status` is the natural answer to a deliberately wrong request of this kind on an
 * operation that documents no answer for that case (none of the natural statuses). Real
 * documents often list only their successes; a server that then answers a request without
 * credentials with a 401 follows HTTP, and the runner must not call that a contract failure.
 * Where the operation documents one of them (PERS documents 400 for invalid input), the others
 * are not natural: the document has said which one the server uses.
 */
export function isNaturalRejection(op: OperationSpec, kind: PurposeKind, status: number): boolean {
  const natural = NATURAL_STATUSES[kind];
  if (!natural?.includes(status)) return false;
  return !op.responses.some((response) => natural.some((code) => response.key === String(code)));
}
