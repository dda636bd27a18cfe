import { describe, expect, it } from 'vitest';
import { isQueryWritable, queryOf, queryPairs } from '../../src/contract/parameter-serialization.js';
import { SpecIndex, type ParameterSpec } from '../../src/engine/operation-index.js';

const param = (style?: string, explode?: boolean): ParameterSpec => ({
  name: 'status',
  in: 'query',
  required: false,
  schema: {},
  ...(style ? { style } : {}),
  ...(explode !== undefined ? { explode } : {}),
});

describe('query parameters are written as their style and explode say', () => {
  it.each([
    [
      'form, exploded by default: the name repeated',
      param(),
      ['a', 'b'],
      [
        ['status', 'a'],
        ['status', 'b'],
      ],
    ],
    ['form, explode false: comma-separated', param('form', false), ['a', 'b'], [['status', 'a,b']]],
    ['spaceDelimited', param('spaceDelimited', false), ['a', 'b'], [['status', 'a b']]],
    ['pipeDelimited', param('pipeDelimited', false), ['a', 'b'], [['status', 'a|b']]],
    [
      'an exploded form object: one pair per property',
      param(),
      { r: 1, g: 2 },
      [
        ['r', '1'],
        ['g', '2'],
      ],
    ],
    ['an unexploded form object: name, then key,value pairs', param('form', false), { r: 1 }, [['status', 'r,1']]],
    ['deepObject', param('deepObject', true), { r: 1 }, [['status[r]', '1']]],
    ['a scalar', param(), true, [['status', 'true']]],
  ])('%s', (_label, spec, value, pairs) => {
    expect(queryPairs(spec, value)).toEqual(pairs);
  });

  it('gathers a repeated name into one list of values', () => {
    expect(queryOf([[param(), ['available', 'sold']]])).toEqual({ status: ['available', 'sold'] });
  });
});

describe('a parameter described by content rather than schema', () => {
  // Directus' `filter`: `content: { application/json: { schema: { type: object } } }`.
  const document = {
    openapi: '3.0.3',
    info: { title: 'content parameters', version: '1' },
    paths: {
      '/items': {
        get: {
          operationId: 'getItems',
          parameters: [
            { name: 'filter', in: 'query', content: { 'application/json': { schema: { type: 'object' } } } },
            { name: 'search', in: 'query', content: { 'application/json': { schema: { type: 'string' } } } },
          ],
          responses: { 200: { description: 'OK' } },
        },
      },
    },
  };
  const [filter, search] = new SpecIndex(document as never).operation('getItems').parameters;

  it('takes its schema and media type from its content', () => {
    expect(filter).toMatchObject({ schema: { type: 'object' }, mediaType: 'application/json' });
  });

  it('is written as one pair of JSON text, a string with its quotes', () => {
    expect(queryPairs(filter, { title: { _eq: 'Hello' } })).toEqual([['filter', '{"title":{"_eq":"Hello"}}']]);
    expect(queryPairs(search, 'Hello')).toEqual([['search', '"Hello"']]);
  });
});

describe('a query parameter no style can write', () => {
  const inputs = (schema: ParameterSpec['schema'], mediaType?: string): ParameterSpec => ({
    name: 'inputs',
    in: 'query',
    required: false,
    schema,
    ...(mediaType ? { mediaType } : {}),
  });

  it('is an array of objects or of arrays (rclone: `inputs`), unless a media type writes it', () => {
    const objects = { type: 'array', items: { type: 'object' } };
    expect(isQueryWritable(inputs(objects))).toBe(false);
    expect(isQueryWritable(inputs({ type: 'array', items: { type: 'array' } }))).toBe(false);
    expect(isQueryWritable(inputs(objects, 'application/json'))).toBe(true);
    expect(isQueryWritable(inputs({ type: 'array', items: { type: 'string' } }))).toBe(true);
    expect(isQueryWritable(inputs({ type: 'object' }))).toBe(true);
  });
});
