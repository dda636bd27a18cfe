import { describe, expect, it } from 'vitest';
import { filterField } from '../../src/engine/list-conventions.js';

const item = {
  type: 'object',
  properties: {
    state: { type: 'string' },
    exclude: { type: 'array', items: { type: 'string' } },
    isActive: { type: 'boolean' },
    owner: { type: 'object' },
  },
};

describe('the field a list filter parameter filters on', () => {
  it('is the property of the same name, or isX for a boolean x', () => {
    expect(filterField({ name: 'state', schema: { type: 'string' } }, item)).toBe('state');
    expect(filterField({ name: 'active', schema: { type: 'boolean' } }, item)).toBe('isActive');
    expect(filterField({ name: 'unknown', schema: { type: 'string' } }, item)).toBeUndefined();
  });

  it('is none when the parameter or the property holds a list or an object, which equality cannot judge', () => {
    expect(
      filterField({ name: 'exclude', schema: { type: 'array', items: { type: 'string' } } }, item),
    ).toBeUndefined();
    expect(filterField({ name: 'exclude', schema: { type: 'string' } }, item)).toBeUndefined();
    expect(filterField({ name: 'owner', schema: { type: 'string' } }, item)).toBeUndefined();
  });
});
