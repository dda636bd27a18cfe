import { describe, expect, it } from 'vitest';
import { mockOnDocument } from '../helpers/document-mock.js';

const MILESTONE = `{ type: object, required: [id, title], properties: {
  id: { type: integer, readOnly: true }, title: { type: string },
  due_on: { type: string, format: date-time, nullable: true },
  assignee: { type: string, nullable: true }, createdAt: { type: string, format: date-time },
  files: { type: object, additionalProperties: { type: object, properties: { filename: { type: string } } } } } }`;

/** GitHub's gist update: a null file name in the request, a file name in the response that cannot be null. */
const UPDATE = `{ type: object, properties: {
  title: { type: string }, assignee: { type: string, nullable: true },
  files: { type: object, additionalProperties: {
    type: object, properties: { filename: { type: string, nullable: true } } } } } }`;

/** GitHub's milestones, in short: a plain JSON PATCH, and a list ordered by documented defaults. */
const DOCUMENT = `
openapi: 3.0.3
info: { title: milestones, version: 1.0.0 }
paths:
  /milestones:
    get:
      operationId: listMilestones
      parameters:
        - { name: sort, in: query, schema: { type: string, enum: [due_on, title], default: due_on } }
        - { name: direction, in: query, schema: { type: string, enum: [asc, desc], default: desc } }
      responses:
        '200': { description: OK, content: { application/json: { schema: { type: array, items: ${MILESTONE} } } } }
    post:
      operationId: createMilestone
      requestBody: { required: true, content: { application/json: { schema: ${MILESTONE} } } }
      responses:
        '201': { description: Created, content: { application/json: { schema: ${MILESTONE} } } }
  /milestones/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
    get:
      operationId: getMilestone
      responses:
        '200': { description: OK, content: { application/json: { schema: ${MILESTONE} } } }
    patch:
      operationId: updateMilestone
      requestBody: { required: true, content: { application/json: { schema: ${UPDATE} } } }
      responses:
        '200': { description: OK, content: { application/json: { schema: ${MILESTONE} } } }
`;

const mock = mockOnDocument('crud-conventions', DOCUMENT);

const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => {
  const response = await mock.app.inject({ method, url, payload });
  return { status: response.statusCode, body: response.json() };
};

describe('a generic collection', () => {
  it('stores null sent in a plain JSON PATCH, as a value (only a merge patch removes with null)', async () => {
    const { body: created } = await call('POST', '/milestones', { title: 'v1', assignee: 'ann' });
    const patched = await call('PATCH', `/milestones/${created.id}`, { title: 'v1', assignee: null });
    expect(patched).toMatchObject({ status: 200, body: { assignee: null } });
    expect((await call('GET', `/milestones/${created.id}`)).body).toMatchObject({ assignee: null });
  });

  it('keeps a timestamp the client sets, and sets the ones it leaves out', async () => {
    const { body } = await call('POST', '/milestones', { title: 'old', createdAt: '2020-01-01T00:00:00.000Z' });
    expect(body.createdAt).toBe('2020-01-01T00:00:00.000Z');
    const { body: stamped } = await call('POST', '/milestones', { title: 'new' });
    expect(Date.parse(stamped.createdAt)).toBeGreaterThan(Date.parse('2020-01-01T00:00:00.000Z'));
  });

  it('removes a field sent as null where the resource cannot hold null, at any depth', async () => {
    const { body: created } = await call('POST', '/milestones', { title: 'v2', files: { a: { filename: 'a.txt' } } });
    const patched = await call('PATCH', `/milestones/${created.id}`, { title: 'v2', files: { a: { filename: null } } });
    expect(patched).toMatchObject({ status: 200, body: { files: { a: {} } } });
    expect(patched.body.files.a).not.toHaveProperty('filename');
  });

  it('lists in the order the sort parameters document by default, when the request names none', async () => {
    for (const [title, due] of [
      ['early', '2012-10-09T23:39:01Z'],
      ['late', '2025-05-14T01:29:42Z'],
      ['middle', '2019-01-01T00:00:00Z'],
    ])
      await call('POST', '/milestones', { title, due_on: due });
    const { body } = await call('GET', '/milestones');
    const dated = body.filter((item: { due_on?: string | null }) => typeof item.due_on === 'string');
    expect(dated.map((item: { title: string }) => item.title)).toEqual(['late', 'middle', 'early']);
    const ascending = await call('GET', '/milestones?direction=asc');
    expect(ascending.body.map((item: { title: string }) => item.title).slice(0, 3)).toEqual([
      'early',
      'middle',
      'late',
    ]);
  });
});
