import type { InjectOptions } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMockServer, DEFAULT_SPEC, type MockServer } from '../../src/mock-server.js';
import { findCrudCollections } from '../../src/engine/resource-collections.js';
import { triggerSourceHandlers } from '../../src/handlers/trigger-source-handlers.js';
import { loadSpec } from '../../src/engine/load-spec.js';
import { ResourceStore } from '../../src/mock/resource-store.js';
import { testStoreConfig } from '../helpers/test-store.js';

const SHOP = 'test/any-document/fixtures/shop/openapi.yaml';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let mock: MockServer;
beforeEach(async () => {
  mock = await createMockServer(await testStoreConfig({ spec: SHOP, records: 0, logLevel: 'silent' }));
});
afterEach(() => mock.close());

const call = async (options: InjectOptions) => {
  const response = await mock.app.inject(options);
  return {
    status: response.statusCode,
    body: response.body === '' ? undefined : response.json(),
    headers: response.headers,
  };
};

describe('a CRUD collection of any document gets real state', () => {
  it('create → read, list, replace, patch, delete all see it; integer ids count up', async () => {
    const created = await call({
      method: 'POST',
      url: '/pets',
      payload: { name: 'Rex', status: 'available', tag: 'dog' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ petId: 1, name: 'Rex', status: 'available', tag: 'dog' });
    expect(Date.parse(created.body.createdAt)).not.toBeNaN();
    expect((await call({ method: 'POST', url: '/pets', payload: { name: 'Tom' } })).body.petId).toBe(2);

    expect(await call({ method: 'GET', url: '/pets/1' })).toMatchObject({ status: 200, body: created.body });
    expect((await call({ method: 'GET', url: '/pets' })).body.map((pet: { name: string }) => pet.name)).toEqual([
      'Rex',
      'Tom',
    ]);

    const replaced = await call({ method: 'PUT', url: '/pets/1', payload: { name: 'Rex II', status: 'sold' } });
    expect(replaced).toMatchObject({
      status: 200,
      body: { petId: 1, name: 'Rex II', status: 'sold', createdAt: created.body.createdAt },
    });
    expect(replaced.body).not.toHaveProperty('tag');

    const patched = await call({
      method: 'PATCH',
      url: '/pets/1',
      headers: { 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ owner: { name: 'Ann' }, status: null }),
    });
    expect(patched).toMatchObject({ status: 200, body: { petId: 1, name: 'Rex II', owner: { name: 'Ann' } } });
    expect(patched.body).not.toHaveProperty('status');

    expect(await call({ method: 'DELETE', url: '/pets/1' })).toMatchObject({ status: 204, body: undefined });
    expect((await call({ method: 'GET', url: '/pets' })).body.map((pet: { petId: number }) => pet.petId)).toEqual([2]);
  });

  it.each([
    ['GET', '/pets/99'],
    ['PUT', '/pets/99'],
    ['DELETE', '/pets/99'],
  ] as const)('%s of an unknown id is a PERS 404 RESOURCE_NOT_FOUND', async (method, url) => {
    const response = await call({
      method: method,
      url,
      payload: method === 'PUT' ? { name: 'x' } : undefined,
    });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      status: 404,
      code: 'RESOURCE_NOT_FOUND',
      category: 'DOMAIN_RULE',
      detail: "No resource at /pets/{petId} with petId '99'",
      correlationId: expect.any(String),
      retryable: false,
    });
  });

  it('filters a list by a field named in the query, and pages it with limit', async () => {
    for (const [name, status] of [
      ['A', 'sold'],
      ['B', 'available'],
      ['C', 'sold'],
    ])
      await call({ method: 'POST', url: '/pets', payload: { name, status } });
    expect(
      (await call({ method: 'GET', url: '/pets?status=sold' })).body.map((pet: { name: string }) => pet.name),
    ).toEqual(['A', 'C']);
    expect((await call({ method: 'GET', url: '/pets?limit=2' })).body.map((pet: { name: string }) => pet.name)).toEqual(
      ['A', 'B'],
    );
  });

  it('sorts a list by the field sortBy names, in the sortOrder given, and filters isX by x', async () => {
    for (const [name, isVaccinated] of [
      ['b', true],
      ['C', false],
      ['a', true],
    ] as const)
      await call({ method: 'POST', url: '/pets', payload: { name, isVaccinated } });
    const names = async (query: string) =>
      (await call({ method: 'GET', url: `/pets?${query}` })).body.map((pet: { name: string }) => pet.name);
    expect(await names('sortBy=name&sortOrder=ASC')).toEqual(['C', 'a', 'b']);
    expect(await names('sortBy=name&sortOrder=DESC')).toEqual(['b', 'a', 'C']);
    expect(await names('sortBy=name&sortOrder=DESC&vaccinated=true')).toEqual(['b', 'a']);
    expect(await names('vaccinated=false')).toEqual(['C']);
  });

  it('still validates requests against the document', async () => {
    const response = await call({ method: 'POST', url: '/pets', payload: { status: 'lost' } });
    expect(response.status).toBe(400);
    expect(response.body.details.violations.map((v: { path: string }) => v.path).sort()).toEqual(['/name', '/status']);
  });

  it('sends the headers its answers document', async () => {
    const created = await call({ method: 'POST', url: '/pets', payload: { name: 'Rex' } });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/api/v1/pets/1');
    await call({ method: 'POST', url: '/pets', payload: { name: 'Tom' } });
    expect((await call({ method: 'GET', url: '/pets' })).headers['x-total-count']).toBe('2');
  });

  it('serves the API under the path of its servers URL too', async () => {
    await call({ method: 'POST', url: '/api/v1/pets', payload: { name: 'Rex' } });
    expect((await call({ method: 'GET', url: '/api/v1/pets/1' })).body.name).toBe('Rex');
  });

  it('gives string ids as UUIDs where the schema says uuid, in envelopes where the document wraps resources', async () => {
    const created = await call({ method: 'POST', url: '/orders', payload: { item: 'Coffee', quantity: 2 } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      item: 'Coffee',
      quantity: 2,
      orderId: expect.stringMatching(UUID),
      state: expect.stringMatching(/placed|shipped/),
    });
    const { orderId } = created.body.data;
    expect((await call({ method: 'GET', url: `/orders/${orderId}` })).body.data).toEqual(created.body.data);
    expect((await call({ method: 'GET', url: '/orders' })).body).toEqual({ items: [created.body.data], total: 1 });
    expect((await call({ method: 'DELETE', url: `/orders/${orderId}` })).body.data).toEqual(created.body.data);
    expect((await call({ method: 'GET', url: `/orders/${orderId}` })).status).toBe(404);
  });

  it('starts a collection with the resources its documented list example shows, and refuses a second create of one of their ids', async () => {
    expect((await call({ method: 'GET', url: '/tags/summer' })).body).toEqual({ slug: 'summer', label: 'Summer' });
    expect((await call({ method: 'POST', url: '/tags', payload: { slug: 'autumn', label: 'Autumn' } })).status).toBe(
      201,
    );
    expect((await call({ method: 'GET', url: '/tags' })).body.map((tag: { slug: string }) => tag.slug)).toEqual([
      'summer',
      'winter',
      'autumn',
    ]);
    const conflict = await call({ method: 'POST', url: '/tags', payload: { slug: 'winter', label: 'Again' } });
    expect(conflict).toMatchObject({ status: 409, body: { code: 'RESOURCE_CONFLICT', category: 'DOMAIN_RULE' } });
  });

  it('keeps state per server instance, and POST /__mock/reset drops it', async () => {
    await call({ method: 'POST', url: '/pets', payload: { name: 'Rex' } });
    const other = await createMockServer(await testStoreConfig({ spec: SHOP, records: 0, logLevel: 'silent' }));
    expect((await other.app.inject({ method: 'GET', url: '/pets' })).json()).toEqual([]);
    await other.close();
    expect((await call({ method: 'POST', url: '/__mock/reset' })).status).toBe(200);
    expect((await call({ method: 'GET', url: '/pets' })).body).toEqual([]);
  });

  it('still answers a forced response from the document, without touching state', async () => {
    const forced = await call({
      method: 'POST',
      url: '/pets',
      headers: { prefer: 'dynamic=true, seed=3' },
      payload: { name: 'Rex' },
    });
    expect(forced.status).toBe(201);
    expect((await call({ method: 'GET', url: '/pets' })).body).toEqual([]);
  });
});

describe('x-pers-mock', () => {
  it('stateful: false keeps a collection answering from its examples', async () => {
    expect(await call({ method: 'POST', url: '/notes', payload: { id: 'mine', text: 'Mine' } })).toMatchObject({
      status: 201,
      body: { id: 'note-1', text: 'The documented note' },
    });
    expect((await call({ method: 'GET', url: '/notes/mine' })).body).toEqual({
      id: 'note-1',
      text: 'The documented note',
    });
    expect((await call({ method: 'GET', url: '/notes' })).body).toEqual([
      { id: 'note-1', text: 'The documented note' },
    ]);
  });

  it('idField names the id field when it is not the path parameter', async () => {
    const spec = await loadSpec(SHOP);
    const { collections, warnings } = findCrudCollections(spec.dereferenced, new Set());
    expect(collections.map((c) => [c.path, c.itemPath, c.idParam, c.idField])).toEqual([
      ['/pets', '/pets/{petId}', 'petId', 'petId'],
      ['/orders', '/orders/{id}', 'id', 'orderId'],
      ['/tags', '/tags/{slug}', 'slug', 'slug'],
    ]);
    expect(warnings).toEqual([]);
  });

  it('warns, naming the place, about a setting it does not know', async () => {
    const spec = await loadSpec(SHOP);
    (spec.dereferenced.paths['/pets'] as Record<string, unknown>)['x-pers-mock'] = { statefull: false };
    expect(findCrudCollections(spec.dereferenced, new Set()).warnings).toEqual([
      {
        pointer: '#/paths/~1pets/x-pers-mock/statefull',
        message: "unknown x-pers-mock setting 'statefull'; it is ignored",
      },
    ]);
  });

  it('leaves the trigger sources to their own handlers', async () => {
    const spec = await loadSpec(DEFAULT_SPEC);
    const handled = new Set(Object.keys(triggerSourceHandlers({} as never)));
    expect(findCrudCollections(spec.dereferenced, handled).collections).toEqual([]);
  });
});

describe('ResourceStore', () => {
  it('keeps resources per scope and collection, copies values in and out, and answers absence with undefined', () => {
    const store = new ResourceStore();
    const pet = { petId: 1, name: 'Rex' };
    expect(store.insert('tenant-a', '/pets', '1', pet)).toEqual(pet);
    pet.name = 'changed outside';
    expect(store.get('tenant-a', '/pets', '1')).toEqual({ petId: 1, name: 'Rex' });
    expect(store.get('tenant-b', '/pets', '1')).toBeUndefined();
    expect(store.insert('tenant-a', '/pets', '1', { petId: 1 })).toBeUndefined();
    expect(store.replace('tenant-a', '/pets', '2', { petId: 2 })).toBeUndefined();
    expect(store.remove('tenant-a', '/pets', '1')).toEqual({ petId: 1, name: 'Rex' });
    expect(store.list('tenant-a', '/pets')).toEqual([]);
  });
});
