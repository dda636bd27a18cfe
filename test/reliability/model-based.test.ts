import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { bearer, projectKey, startTestMock, type TenantCredentials, type TestMock } from '../helpers/test-mock.js';
import {
  listOf,
  queryString,
  settableFields,
  visibleTo,
  type ListQuery,
  type Model,
  type SourceDto,
  type SourceInput,
  type TenantName,
} from './trigger-source-model.js';

/*
 * Random sequences of creates, gets, lists, updates and deletes across both tenants, run against
 * a fresh server and against the model in trigger-source-model.ts; every answer must be what the
 * model says. Ids are the server's (the model takes each from its create response); commands name
 * sources by creation index (`#k` is the k-th create of the run, counting from 0, whichever
 * tenant made it), so a shrunk counterexample reads as a short script.
 */

interface Real {
  mock: TestMock;
  credentials: Record<TenantName, TenantCredentials>;
}

type SourceCommand = fc.AsyncCommand<Model, Real>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class Create implements SourceCommand {
  constructor(
    readonly tenant: TenantName,
    readonly input: SourceInput,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await send(real, 'POST', '/trigger-sources', this.tenant, this.input);
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json<SourceDto>();
    expect(created.id).toMatch(UUID);
    expect(model.sources.map((s) => s.dto.id)).not.toContain(created.id);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(created.createdAt, 'stamped by the injected clock').toMatch(/^2026-01-01T00:0\d:/);
    const previous = model.sources.at(-1)?.dto.createdAt;
    if (previous !== undefined) expect(created.createdAt > previous, 'createdAt follows creation order').toBe(true);
    const expected: SourceDto = {
      ...settableFields(this.input),
      id: created.id,
      isActive: true,
      analytics: null,
      createdAt: created.createdAt,
      updatedAt: created.createdAt,
    };
    expect(created).toEqual(expected);
    model.sources.push({ tenant: this.tenant, dto: expected, deleted: false });
  }
  toString = () => `create(${this.tenant}, ${JSON.stringify(this.input)})`;
}

/** Get, update or delete of the `ref`-th source ever created, as `tenant` (maybe not its owner). */
abstract class OnSource implements SourceCommand {
  constructor(
    readonly tenant: TenantName,
    readonly ref: number,
  ) {}
  check = (model: Readonly<Model>) => this.ref < model.sources.length;
  abstract run(model: Model, real: Real): Promise<void>;
  abstract toString(): string;
}

class Get extends OnSource {
  async run(model: Model, real: Real) {
    const source = model.sources[this.ref];
    const response = await send(real, 'GET', `/trigger-sources/${source.dto.id}`, this.tenant);
    if (!visibleTo(source, this.tenant)) return expectNotFound(response);
    expect(response.statusCode, response.body).toBe(200);
    expect(labelled(model, response.json())).toEqual(labelled(model, source.dto));
  }
  toString = () => `get(#${this.ref} as ${this.tenant})`;
}

class Update extends OnSource {
  constructor(
    tenant: TenantName,
    ref: number,
    readonly input: SourceInput,
  ) {
    super(tenant, ref);
  }
  async run(model: Model, real: Real) {
    const source = model.sources[this.ref];
    const response = await send(real, 'PUT', `/trigger-sources/${source.dto.id}`, this.tenant, this.input);
    if (!visibleTo(source, this.tenant)) return expectNotFound(response);
    expect(response.statusCode, response.body).toBe(200);
    const updated = response.json<SourceDto>();
    expect(updated.updatedAt > source.dto.updatedAt, `updatedAt moves forward from ${source.dto.updatedAt}`).toBe(true);
    const expected = { ...source.dto, ...settableFields(this.input), updatedAt: updated.updatedAt };
    expect(labelled(model, updated)).toEqual(labelled(model, expected));
    source.dto = expected;
  }
  toString = () => `update(#${this.ref} as ${this.tenant}, ${JSON.stringify(this.input)})`;
}

class Delete extends OnSource {
  async run(model: Model, real: Real) {
    const source = model.sources[this.ref];
    const response = await send(real, 'DELETE', `/trigger-sources/${source.dto.id}`, this.tenant);
    if (!visibleTo(source, this.tenant)) return expectNotFound(response);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toBe('');
    source.deleted = true;
  }
  toString = () => `delete(#${this.ref} as ${this.tenant})`;
}

class GetUnknown implements SourceCommand {
  constructor(
    readonly tenant: TenantName,
    readonly id: string,
  ) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    expectNotFound(await send(real, 'GET', `/trigger-sources/${this.id}`, this.tenant));
  }
  toString = () => `get(${JSON.stringify(this.id)} as ${this.tenant})`;
}

class List implements SourceCommand {
  constructor(
    readonly tenant: TenantName,
    readonly query: ListQuery,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await send(real, 'GET', `/trigger-sources${queryString(this.query)}`, this.tenant);
    expect(response.statusCode, response.body).toBe(200);
    const listed = response.json<SourceDto[]>().map((dto) => labelled(model, dto));
    expect(listed).toEqual(listOf(model, this.tenant, this.query).map((dto) => labelled(model, dto)));
  }
  toString = () => `list(${this.tenant}, '${queryString(this.query)}')`;
}

/** Writes with the tenant's JWT, reads with its project key, as docs/behaviour.md says. */
function send(
  real: Real,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  tenant: TenantName,
  body?: SourceInput,
) {
  const credentials = real.credentials[tenant];
  const headers = method === 'GET' ? projectKey(credentials) : bearer(credentials);
  return real.mock.request({ method, url, headers, ...(body === undefined ? {} : { payload: body }) });
}

function expectNotFound(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body).toBe(404);
  expect(response.json().code).toBe('TRIGGER_SOURCE_NOT_FOUND');
}

/** The DTO with its id shown as `#k` (creation index), so a failing diff reads like the script. */
function labelled(model: Model, dto: SourceDto) {
  const index = model.sources.findIndex((s) => s.dto.id === dto.id);
  return { ...dto, id: index === -1 ? `unknown ${dto.id}` : `#${index}` };
}

const tenantArb = fc.constantFrom<TenantName>('A', 'B');
// Most sources go to A so its lists get long; B still owns some, and every other command picks
// either tenant, so a good share of gets, updates and deletes are cross-tenant attempts.
const ownerArb = fc.constantFrom<TenantName>('A', 'A', 'A', 'B');
const refArb = fc.nat({ max: 13 });
// Few distinct values, so that filters match, sorts tie and ties are broken by id.
const inputArb: fc.Arbitrary<SourceInput> = fc.record(
  {
    type: fc.constantFrom('QR_CODE', 'API_WEBHOOK'),
    name: fc.constantFrom('Alpha', 'alpha', 'Beta', 'Zulu', 'Ωmega', '🎉 Party', 'Alpha '),
    description: fc.constantFrom(null, '', 'Front door', 'مدخل رئيسي'),
    metadata: fc.constantFrom({}, { tokenConfig: { tokenId: '1' } }, { tags: ['a', 'b'], nested: { n: 1 } }),
    businessId: fc.constantFrom(null, 'biz-1', 'biz-2'),
  },
  { requiredKeys: ['type', 'name'] },
);
/** Present with the given probability, else left out of the query. */
const sometimes = <T>(probability: number, arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: Math.round((1 - probability) * 20) },
    { arbitrary: arb, weight: Math.round(probability * 20) },
  );
// Filters are kept rare enough that most lists have something to sort and page through.
const queryArb: fc.Arbitrary<ListQuery> = fc
  .record({
    type: sometimes(0.25, fc.constantFrom('QR_CODE' as const, 'API_WEBHOOK' as const)),
    businessId: sometimes(0.2, fc.constantFrom('biz-1', 'biz-2', 'biz-none')),
    campaignId: sometimes(0.05, fc.constant('campaign-1')),
    active: sometimes(0.15, fc.boolean()),
    sortBy: sometimes(0.7, fc.constantFrom('name' as const, 'createdAt' as const, 'type' as const)),
    sortOrder: sometimes(0.5, fc.constantFrom('ASC' as const, 'DESC' as const)),
    limit: sometimes(0.6, fc.integer({ min: 1, max: 4 })),
    page: sometimes(0.5, fc.integer({ min: 1, max: 3 })),
  })
  .map((query) => Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as ListQuery);

const create = fc.tuple(ownerArb, inputArb).map(([tenant, input]) => new Create(tenant, input));
const list = fc.tuple(tenantArb, queryArb).map(([tenant, query]) => new List(tenant, query));
// Creates and lists weigh more, so that lists have enough to filter, sort and page through.
const commandArbs = [
  create,
  create,
  create,
  create,
  list,
  list,
  list,
  fc.tuple(tenantArb, refArb).map(([tenant, ref]) => new Get(tenant, ref)),
  fc.tuple(tenantArb, refArb, inputArb).map(([tenant, ref, input]) => new Update(tenant, ref, input)),
  fc.tuple(tenantArb, refArb).map(([tenant, ref]) => new Delete(tenant, ref)),
  fc
    .tuple(tenantArb, fc.constantFrom('00000000-0000-4000-8000-000000000000', 'not-a-uuid'))
    .map(([tenant, id]) => new GetUnknown(tenant, id)),
];

/** 1 ms per call from a fixed instant, so createdAt order is creation order and timestamps repeat. */
function steppingClock(): () => Date {
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  return () => new Date(now++);
}

it('behaves like the model of the documented semantics for random command sequences across tenants', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commandArbs, { maxCommands: 30, size: 'max' }), async (commands) => {
      const mock = await startTestMock({ records: 0, clock: steppingClock() });
      try {
        const real: Real = { mock, credentials: { A: mock.first, B: mock.second } };
        await fc.asyncModelRun(() => ({ model: { sources: [] }, real }), commands);
      } finally {
        await mock.close();
      }
    }),
    // Each run starts its own server (tens of ms); the limit bounds shrinking should a run fail.
    // Ids are the server's random UUIDs, so a failure that hangs on how two ids compare in a
    // tie-break may take more than one replay of the printed seed to show again.
    { numRuns: 60, plugins: [fc.interruptAfterTimeLimit(90_000)] },
  );
}, 120_000);
