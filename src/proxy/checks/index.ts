import type { ExchangeCheck } from '../exchange.js';
import { requestConformance } from './request-conformance.js';
import { requestRoute } from './request-route.js';
import { responseBodyConformance } from './response-body-conformance.js';
import { responseContentType } from './response-content-type.js';
import { responseHeadersConformance } from './response-headers-conformance.js';
import { statusDocumented } from './status-documented.js';

/** Every check the proxy runs on an exchange, in the order their failures are listed. */
export const proxyChecks: readonly ExchangeCheck[] = [
  requestRoute,
  requestConformance,
  statusDocumented,
  responseContentType,
  responseBodyConformance,
  responseHeadersConformance,
];
