import { on, type Fault, type ProxiedRequest, type ProxiedResponse } from './faulty-mock.js';

const PROJECT_KEYS = { first: 'pk_test_harbour_7f3a9c2e51d84b06', second: 'pk_test_summit_c41d8e6b09a27f35' };

/** A well-formed PERS error, so only the fault under test is wrong. */
function persError(status: number, code: string, detail: string): ProxiedResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-correlation-id': 'fault-injected' },
    body: JSON.stringify({
      status,
      title: 'Injected',
      detail,
      message: detail,
      code,
      category: status === 404 ? 'DOMAIN_RULE' : status >= 500 ? 'TECHNICAL' : 'VALIDATION',
      timestamp: new Date().toISOString(),
      correlationId: 'fault-injected',
      retryable: false,
      domain: 'trigger-source',
    }),
  };
}

const idOf = (request: ProxiedRequest) => on.path(request).split('/').pop()!;
const isValidWhole = (value: string | null, min: number, max: number) =>
  value !== null && /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max;

/** Faults whose every state lives in the closure: call the factory for a fresh one per run. */
export interface PlantedFault {
  /** The one check that must fail, and only it. */
  check: string;
  description: string;
  make: () => Fault;
}

export const plantedFaults: PlantedFault[] = [
  {
    check: 'not_a_server_error',
    description: 'reading one trigger source crashes with a 500',
    make: () => ({
      request: (r) => (r.method === 'GET' && on.isItem(r) ? persError(500, 'INTERNAL_ERROR', 'boom') : r),
    }),
  },
  {
    check: 'status_code_conformance',
    description: 'delete answers 204 where 200 is documented',
    make: () => ({
      response: (r, res) => (r.method === 'DELETE' && res.status === 200 ? { ...res, status: 204, body: '' } : res),
    }),
  },
  {
    check: 'content_type_conformance',
    description: 'a trigger source is served as text/plain',
    make: () => ({
      response: (r, res) =>
        r.method === 'GET' && on.isItem(r) && res.status === 200
          ? { ...res, headers: { ...res.headers, 'content-type': 'text/plain' } }
          : res,
    }),
  },
  {
    check: 'response_schema_conformance',
    description: 'isActive comes back as a string',
    make: () => ({
      response: (r, res) =>
        r.method === 'GET' && on.isItem(r) && res.status === 200
          ? on.withJson(res, { ...(on.json(res) as object), isActive: 'yes' })
          : res,
    }),
  },
  {
    check: 'response_headers_conformance',
    description: 'lists come without x-correlation-id',
    make: () => ({
      response: (r, res) => {
        if (!on.isList(r) || r.method !== 'GET') return res;
        const { 'x-correlation-id': _dropped, ...headers } = res.headers;
        return { ...res, headers };
      },
    }),
  },
  {
    check: 'negative_data_rejection',
    description: 'an out-of-range or malformed limit is silently ignored',
    make: () => ({
      request: (r) => {
        const query = on.query(r);
        if (!on.isList(r) || !query.has('limit') || isValidWhole(query.get('limit'), 1, 100)) return r;
        query.delete('limit');
        return on.withQuery(r, query);
      },
    }),
  },
  {
    check: 'positive_data_acceptance',
    description: 'a null description (documented as nullable) is rejected with 400',
    make: () => ({
      request: (r) =>
        r.body?.includes('"description":null')
          ? persError(400, 'VALIDATION_FAILED', 'description must be a string')
          : r,
    }),
  },
  {
    check: 'ignored_auth',
    description: 'listing works without a valid project key',
    make: () => ({
      request: (r) => {
        const known = Object.values(PROJECT_KEYS).includes(r.headers['x-project-key']);
        return on.isList(r) && r.method === 'GET' && !known
          ? { ...r, headers: { ...r.headers, 'x-project-key': PROJECT_KEYS.first } }
          : r;
      },
    }),
  },
  {
    check: 'use_after_free',
    description: 'a deleted trigger source can still be read (served from a stale cache)',
    make: () => {
      const cache = new Map<string, ProxiedResponse>();
      const deleted = new Set<string>();
      return {
        request: (r) =>
          r.method === 'GET' && on.isItem(r) && deleted.has(idOf(r)) && cache.has(idOf(r)) ? cache.get(idOf(r))! : r,
        response: (r, res) => {
          if (r.method === 'GET' && on.isItem(r) && res.status === 200) cache.set(idOf(r), res);
          if (r.method === 'DELETE' && res.status === 200) deleted.add(idOf(r));
          return res;
        },
      };
    },
  },
  {
    check: 'ensure_resource_availability',
    description: 'a new trigger source is not readable the first time (eventual consistency leaking out)',
    make: () => {
      const unread = new Set<string>();
      return {
        request: (r) => {
          if (r.method !== 'GET' || !on.isItem(r) || !unread.has(idOf(r))) return r;
          unread.delete(idOf(r));
          return persError(404, 'TRIGGER_SOURCE_NOT_FOUND', 'not there yet');
        },
        response: (r, res) => {
          if (r.method === 'POST' && res.status === 201) unread.add((on.json(res) as { id: string }).id);
          return res;
        },
      };
    },
  },
  {
    check: 'update_persisted',
    description: 'an update answers with the new state but is never stored',
    make: () => {
      const lastStored = new Map<string, Record<string, unknown>>();
      const remember = (res: ProxiedResponse) => {
        const body = on.json(res) as Record<string, unknown>;
        lastStored.set(String(body.id), body);
      };
      return {
        response: async (r, res, forward) => {
          if ((r.method === 'POST' && res.status === 201) || (r.method === 'GET' && on.isItem(r) && res.status === 200))
            remember(res);
          const before = lastStored.get(idOf(r));
          if (r.method === 'PUT' && res.status === 200 && before) {
            const { type, name, description, metadata, businessId } = before;
            await forward({ ...r, body: JSON.stringify({ type, name, description, metadata, businessId }) });
          }
          return res;
        },
      };
    },
  },
  {
    check: 'pagination',
    description: 'the page parameter is ignored (every page is page 1)',
    make: () => ({
      request: (r) => {
        const query = on.query(r);
        if (!on.isList(r) || !isValidWhole(query.get('page'), 2, 1_000_000)) return r;
        query.set('page', '1');
        return on.withQuery(r, query);
      },
    }),
  },
  {
    check: 'filtering',
    description: 'the type filter is ignored',
    make: () => ({
      request: (r) => {
        const query = on.query(r);
        if (!on.isList(r) || !['QR_CODE', 'API_WEBHOOK'].includes(query.get('type') ?? '')) return r;
        query.delete('type');
        return on.withQuery(r, query);
      },
    }),
  },
  {
    check: 'sorting',
    description: 'sortOrder=DESC is served ascending',
    make: () => ({
      request: (r) => {
        const query = on.query(r);
        if (!on.isList(r) || query.get('sortOrder') !== 'DESC') return r;
        query.set('sortOrder', 'ASC');
        return on.withQuery(r, query);
      },
    }),
  },
  {
    check: 'tenant_isolation',
    description: "reads with the second tenant's key are served from the first tenant's data",
    make: () => ({
      request: (r) =>
        r.method === 'GET' && r.headers['x-project-key'] === PROJECT_KEYS.second
          ? { ...r, headers: { ...r.headers, 'x-project-key': PROJECT_KEYS.first } }
          : r,
    }),
  },
];
