import { beforeAll, describe, expect, it } from 'vitest';
import { ensureResourceAvailability } from '../../../src/contract/checks/ensure-resource-availability.js';
import { filtering } from '../../../src/contract/checks/filtering.js';
import { pagination } from '../../../src/contract/checks/pagination.js';
import { sorting } from '../../../src/contract/checks/sorting.js';
import { suiteExpectations } from '../../../src/contract/checks/suite-expectations.js';
import { tenantIsolation } from '../../../src/contract/checks/tenant-isolation.js';
import { updatePersisted } from '../../../src/contract/checks/update-persisted.js';
import { useAfterFree } from '../../../src/contract/checks/use-after-free.js';
import type { CheckContext, Purpose } from '../../../src/contract/types.js';
import { checkContext, exchange, OP, persError, triggerSource } from '../helpers/exchanges.js';

let ctx: CheckContext;
beforeAll(async () => {
  ctx = await checkContext();
});

const items = (...ids: string[]) => ids.map((id) => triggerSource({ id }));
const sent = { type: 'QR_CODE', name: 'Door', description: null, metadata: { tokenConfig: { tokenId: '1' } } };

describe('use_after_free', () => {
  const after = (action: 'read' | 'update' | 'delete' | 'list'): Purpose => ({
    kind: 'after-delete',
    resourceId: 'gone',
    idField: 'id',
    action,
  });

  it.each([
    ['read', OP.get],
    ['update', OP.update],
    ['delete', OP.delete],
  ] as const)('fails when a deleted resource can still be %sed', (action, operationId) => {
    expect(
      useAfterFree.run(
        ctx,
        exchange({ operationId, status: 200, body: triggerSource({ id: 'gone' }), purpose: after(action) }),
      ),
    ).toHaveLength(1);
  });

  it('fails when a deleted resource is still listed, and passes when it is not', () => {
    expect(useAfterFree.run(ctx, exchange({ body: items('a', 'gone'), purpose: after('list') }))).toHaveLength(1);
    expect(useAfterFree.run(ctx, exchange({ body: items('a'), purpose: after('list') }))).toEqual([]);
  });

  it('passes a 404', () => {
    expect(
      useAfterFree.run(
        ctx,
        exchange({ operationId: OP.get, status: 404, body: persError(404), purpose: after('read') }),
      ),
    ).toEqual([]);
  });
});

describe('ensure_resource_availability and update_persisted', () => {
  const checks = [
    [ensureResourceAvailability, 'read-after-create'],
    [updatePersisted, 'read-after-update'],
  ] as const;

  it.each(checks)('%# fails when the read-back differs from what was sent', (check, kind) => {
    const [failure] = check.run(
      ctx,
      exchange({
        operationId: OP.get,
        body: triggerSource({ ...sent, name: 'Window' }),
        purpose: { kind, expected: sent },
      }),
    );
    expect(failure.actual).toBe('name: sent "Door", read back "Window"');
  });

  it.each(checks)('%# fails when the resource cannot be read', (check, kind) => {
    expect(
      check.run(
        ctx,
        exchange({ operationId: OP.get, status: 404, body: persError(404), purpose: { kind, expected: sent } }),
      ),
    ).toHaveLength(1);
  });

  it.each(checks)('%# passes when null comes back absent and objects come back with extra keys', (check, kind) => {
    const { description: _absent, ...read } = triggerSource({
      ...sent,
      metadata: { tokenConfig: { tokenId: '1', amount: 5 } },
    });
    expect(check.run(ctx, exchange({ operationId: OP.get, body: read, purpose: { kind, expected: sent } }))).toEqual(
      [],
    );
  });
  it.each(checks)('%# compares only values the response schema can hold, at every depth', (check, kind) => {
    const resourceSchema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        group: { type: 'integer' },
        tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' } } } },
      },
    };
    const written = { name: 'Door', secret: 'write-only', group: null, tags: [{ label: 'a', internal: 1 }] };
    const purpose = { kind, expected: written, resourceSchema };
    const run = (read: unknown) => check.run(ctx, exchange({ operationId: OP.get, body: read, purpose }));
    expect(run({ name: 'Door', group: 7, tags: [{ label: 'a' }] })).toEqual([]);
    expect(run({ name: 'Door', group: 7, tags: [{ label: 'b' }] })[0].actual).toBe(
      'tags: sent [{"label":"a","internal":1}], read back [{"label":"b"}]',
    );
  });
});

describe('pagination', () => {
  const reference = ['a', 'b', 'c', 'd', 'e'];
  const page = (n: number, ids: string[]) =>
    exchange({
      body: items(...ids),
      purpose: { kind: 'list-page', limit: 2, page: n, firstPage: 1, reference, idField: 'id' },
    });

  it('fails when limit is not honoured', () => {
    expect(pagination.run(ctx, page(1, ['a', 'b', 'c']))).toEqual([
      expect.objectContaining({ problem: 'limit=2 is not honoured' }),
    ]);
  });

  it('fails when a page overlaps the previous one or skips items', () => {
    expect(pagination.run(ctx, page(2, ['b', 'c']))[0].problem).toBe(
      'page 2 repeats 1 item(s) of earlier pages (b) and skips 1 item(s) (d)',
    );
  });

  it('passes exact slices, including the empty page after the last', () => {
    expect([
      ...pagination.run(ctx, page(2, ['c', 'd'])),
      ...pagination.run(ctx, page(3, ['e'])),
      ...pagination.run(ctx, page(4, [])),
    ]).toEqual([]);
  });
});

describe('filtering', () => {
  const purpose = (value: unknown, field?: string): Purpose => ({
    kind: 'list-filter',
    filters: [{ param: 'type', value, field }],
    reference: ['a', 'b'],
    idField: 'id',
  });

  it('fails on an item that does not match the filter', () => {
    const body = [triggerSource({ id: 'a' }), triggerSource({ id: 'b', type: 'API_WEBHOOK' })];
    expect(filtering.run(ctx, exchange({ body, purpose: purpose('QR_CODE', 'type') }))[0].actual).toBe(
      'b: type="API_WEBHOOK"',
    );
  });

  it('fails on an item outside the unfiltered list when the field is not visible', () => {
    expect(filtering.run(ctx, exchange({ body: items('a', 'z'), purpose: purpose('x') }))[0].actual).toBe(
      'z: not in the unfiltered list',
    );
  });

  it('passes matching items', () => {
    expect(filtering.run(ctx, exchange({ body: items('a', 'b'), purpose: purpose('QR_CODE', 'type') }))).toEqual([]);
  });
});

describe('sorting', () => {
  const names = (...values: string[]) => values.map((name, i) => triggerSource({ id: String(i), name }));
  const purpose = (
    direction: 'asc' | 'desc',
    field = 'name',
    fieldSchema: Record<string, unknown> = { type: 'string' },
  ): Purpose => ({ kind: 'list-sort', field, direction, fieldSchema, description: 'sorted' });

  it('fails when out of order, pointing at the first inversion', () => {
    expect(sorting.run(ctx, exchange({ body: names('a', 'c', 'b'), purpose: purpose('asc') }))[0].actual).toBe(
      'item 2 has "c", item 3 has "b"',
    );
  });

  it.each([
    ['binary order', names('B', 'a'), 'asc'],
    ['case-insensitive collation', names('a', 'B'), 'asc'],
    ['descending with ties', names('c', 'b', 'b', 'a'), 'desc'],
  ] as const)('accepts %s', (_label, body, direction) => {
    expect(sorting.run(ctx, exchange({ body, purpose: purpose(direction) }))).toEqual([]);
  });

  it('accepts enums in declaration order and compares date-times as instants', () => {
    const types = [triggerSource({ type: 'QR_CODE' }), triggerSource({ type: 'API_WEBHOOK' })];
    expect(
      sorting.run(
        ctx,
        exchange({
          body: types,
          purpose: purpose('asc', 'type', { type: 'string', enum: ['QR_CODE', 'API_WEBHOOK'] }),
        }),
      ),
    ).toEqual([]);
    const dates = [
      triggerSource({ createdAt: '2025-01-01T00:00:00Z' }),
      triggerSource({ createdAt: '2025-01-01T00:00:00.500Z' }),
    ];
    expect(
      sorting.run(
        ctx,
        exchange({ body: dates, purpose: purpose('asc', 'createdAt', { type: 'string', format: 'date-time' }) }),
      ),
    ).toEqual([]);
  });
});

describe('tenant_isolation', () => {
  const cross = (action: 'read' | 'list'): Purpose => ({
    kind: 'cross-tenant',
    resourceId: 'mine',
    idField: 'id',
    action,
  });

  it("fails when the other tenant can read or list the first tenant's resource", () => {
    expect(
      tenantIsolation.run(
        ctx,
        exchange({ operationId: OP.get, body: triggerSource({ id: 'mine' }), purpose: cross('read') }),
      ),
    ).toHaveLength(1);
    expect(tenantIsolation.run(ctx, exchange({ body: items('theirs', 'mine'), purpose: cross('list') }))).toHaveLength(
      1,
    );
  });

  it('passes a 404 and a list without it', () => {
    expect(
      tenantIsolation.run(
        ctx,
        exchange({ operationId: OP.get, status: 404, body: persError(404), purpose: cross('read') }),
      ),
    ).toEqual([]);
    expect(tenantIsolation.run(ctx, exchange({ body: items('theirs'), purpose: cross('list') }))).toEqual([]);
  });
});

describe('suite_expectations', () => {
  const step = (overrides: Partial<Extract<Purpose, { kind: 'suite-step' }>> = {}): Purpose => ({
    kind: 'suite-step',
    suite: 'lifecycle',
    step: 'get',
    expectedStatus: [200],
    assertions: [],
    captures: {},
    ...overrides,
  });

  it('fails on another status, a failed assertion, or nothing to capture', () => {
    expect(
      suiteExpectations.run(ctx, exchange({ status: 404, body: persError(404), purpose: step() }))[0].problem,
    ).toBe('expected status 200, got 404');
    expect(
      suiteExpectations.run(
        ctx,
        exchange({ body: triggerSource(), purpose: step({ assertions: [{ pointer: '/name', equals: 'Other' }] }) }),
      )[0].expected,
    ).toBe('/name equals "Other"');
    expect(
      suiteExpectations.run(
        ctx,
        exchange({ body: triggerSource(), purpose: step({ captures: { token: '/token' } }) }),
      )[0].problem,
    ).toBe('nothing to capture as token');
  });

  it('passes when everything holds', () => {
    const purpose = step({
      assertions: [{ pointer: '/name', equals: 'Main Entrance QR Code' }],
      captures: { id: '/id' },
    });
    expect(suiteExpectations.run(ctx, exchange({ body: triggerSource(), purpose }))).toEqual([]);
  });
});
