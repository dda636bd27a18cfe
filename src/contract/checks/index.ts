import type { Check } from '../types.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { ensureResourceAvailability } from './ensure-resource-availability.js';
import { filtering } from './filtering.js';
import { ignoredAuth } from './ignored-auth.js';
import { maxResponseTime } from './max-response-time.js';
import { negativeDataRejection } from './negative-data-rejection.js';
import { notAServerError } from './not-a-server-error.js';
import { pagination } from './pagination.js';
import { positiveDataAcceptance } from './positive-data-acceptance.js';
import { responseHeadersConformance } from './response-headers-conformance.js';
import { responseSchemaConformance } from './response-schema-conformance.js';
import { sorting } from './sorting.js';
import { statusCodeConformance } from './status-code-conformance.js';
import { suiteExpectations } from './suite-expectations.js';
import { tenantIsolation } from './tenant-isolation.js';
import { updatePersisted } from './update-persisted.js';
import { useAfterFree } from './use-after-free.js';

/** Every check, in the order reports list them. */
export const allChecks: readonly Check[] = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  responseHeadersConformance,
  negativeDataRejection,
  positiveDataAcceptance,
  ignoredAuth,
  useAfterFree,
  ensureResourceAvailability,
  updatePersisted,
  pagination,
  filtering,
  sorting,
  tenantIsolation,
  maxResponseTime,
  suiteExpectations,
];

export const checkNames: readonly string[] = allChecks.map((check) => check.name);
