import { describe, expect, it } from 'vitest';
import { mockOnDocument } from '../helpers/document-mock.js';

/**
 * Redo's request bodies: `length` and `width` are `$ref`s with siblings to one schema, which
 * swagger-parser dereferences into two objects sharing that schema's `properties` and `required`.
 */
const DOCUMENT = `
openapi: 3.0.3
info: { title: shared schema parts, version: 1.0.0 }
paths:
  /parcels:
    post:
      operationId: createParcel
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [length, width]
              properties:
                length: { $ref: '#/components/schemas/Measure', description: Length of the parcel. }
                width: { $ref: '#/components/schemas/Measure', description: Width of the parcel. }
      responses:
        '200': { description: OK }
components:
  schemas:
    Measure:
      type: object
      required: [value, unit]
      properties:
        value: { type: number }
        unit: { type: string, enum: [cm, in] }
`;

const mock = mockOnDocument('shared-schema-parts', DOCUMENT);

describe('schemas that share parts after dereferencing', () => {
  const post = (body: unknown) =>
    mock.app.inject({
      method: 'POST',
      url: '/parcels',
      headers: { 'content-type': 'application/json' },
      payload: body as object,
    });

  it('validates the request body: a body the shared schema refuses is a 400', async () => {
    const answer = await post({ length: { value: 3, unit: 'cm' }, width: { unit: 'cm' } });
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toMatch(/width/);
  });

  it('accepts a body the document allows', async () => {
    const answer = await post({ length: { value: 3, unit: 'cm' }, width: { value: 2, unit: 'in' } });
    expect(answer.statusCode).toBe(200);
  });
});
