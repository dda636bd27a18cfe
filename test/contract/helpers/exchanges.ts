import { loadSpec } from '../../../src/engine/load-spec.js';
import { DocumentSchemas } from '../../../src/contract/document-schemas.js';
import { SpecIndex } from '../../../src/engine/operation-index.js';
import type { CheckContext, Exchange, Purpose } from '../../../src/contract/types.js';

export const OP = {
  list: 'TriggerSourcesController_getTriggerSources',
  create: 'TriggerSourcesController_createTriggerSource',
  get: 'TriggerSourcesController_getTriggerSource',
  update: 'TriggerSourcesController_updateTriggerSource',
  delete: 'TriggerSourcesController_deleteTriggerSource',
} as const;

export async function checkContext(overrides: Partial<CheckContext> = {}): Promise<CheckContext> {
  const spec = await loadSpec('openapi.yaml');
  return {
    spec: new SpecIndex(spec.dereferenced),
    schemas: await DocumentSchemas.create({ version: spec.version }),
    ...overrides,
  };
}

export const triggerSource = (overrides: Record<string, unknown> = {}) => ({
  type: 'QR_CODE',
  name: 'Main Entrance QR Code',
  description: null,
  metadata: { tokenConfig: { tokenId: '1' } },
  businessId: null,
  id: 'source-1',
  isActive: true,
  analytics: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

export const persError = (status: number) => ({
  status,
  title: 'T',
  detail: 'd',
  message: 'd',
  code: 'SOME_CODE',
  category: 'VALIDATION',
  timestamp: '2026-01-01T00:00:00.000Z',
  correlationId: 'c',
  retryable: false,
  domain: 'request',
});

interface ExchangeSpec {
  operationId?: string;
  method?: string;
  status?: number;
  headers?: Record<string, string>;
  /** A value is sent as JSON; a string as is. */
  body?: unknown;
  purpose?: Purpose;
  durationMs?: number;
  transportError?: Exchange['transportError'];
}

/** A crafted exchange: by default a conforming 200 answer to a list request. */
export function exchange(spec: ExchangeSpec = {}): Exchange {
  const bodyText = spec.body === undefined ? '' : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  let json: { value: unknown } | undefined;
  try {
    json = bodyText ? { value: JSON.parse(bodyText) } : undefined;
  } catch {
    json = undefined;
  }
  return {
    operationId: spec.operationId ?? OP.list,
    request: { method: spec.method ?? 'GET', url: 'http://127.0.0.1:4010/trigger-sources', headers: {} },
    response: spec.transportError
      ? undefined
      : {
          status: spec.status ?? 200,
          headers: spec.headers ?? { 'content-type': 'application/json; charset=utf-8', 'x-correlation-id': 'abc' },
          bodyText,
          json,
        },
    transportError: spec.transportError,
    durationMs: spec.durationMs ?? 5,
    curl: "curl -sS -i -X GET 'http://127.0.0.1:4010/trigger-sources'",
    purpose: spec.purpose ?? { kind: 'positive', description: 'crafted' },
  };
}
