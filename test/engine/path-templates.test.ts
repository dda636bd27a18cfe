import { describe, expect, it } from 'vitest';
import { PathTemplateIndex, pathParameterReader } from '../../src/engine/path-templates.js';

const index = (...templates: string[]) =>
  new PathTemplateIndex(templates.map((template) => ({ template, value: template })));

describe('PathTemplateIndex', () => {
  it('finds the template a path matches, a parameter standing for one whole or partial segment', () => {
    const templates = index('/repos/{owner}/{repo}', '/files/{name}.json', '/users/{id}');
    expect(templates.find('/repos/octo/hello')).toBe('/repos/{owner}/{repo}');
    expect(templates.find('/files/report.json')).toBe('/files/{name}.json');
    expect(templates.find('/users/7')).toBe('/users/{id}');
    expect(templates.find('/users/7/more')).toBeUndefined();
    expect(templates.find('/users')).toBeUndefined();
    expect(templates.find('/repos/octo')).toBeUndefined();
  });

  it('keeps the given order between templates of literal and parametric first segments', () => {
    expect(index('/{tenant}/items', '/shop/{id}').find('/shop/items')).toBe('/{tenant}/items');
    expect(index('/shop/{id}', '/{tenant}/items').find('/shop/items')).toBe('/shop/{id}');
    expect(index('/v{version}/items', '/v2/{id}').find('/v2/items')).toBe('/v{version}/items');
  });

  it('passes over templates whose value is not accepted', () => {
    const templates = new PathTemplateIndex([
      { template: '/items/{id}', value: 'get' },
      { template: '/items/{id}', value: 'put' },
    ]);
    expect(templates.find('/items/1', (value) => value === 'put')).toBe('put');
    expect(templates.find('/items/1', () => false)).toBeUndefined();
  });

  it('matches the root and literal characters as themselves', () => {
    const templates = index('/', '/a.b/{x}');
    expect(templates.find('/')).toBe('/');
    expect(templates.find('/aXb/1')).toBeUndefined();
    expect(templates.find('/a.b/1')).toBe('/a.b/{x}');
  });
});

describe('pathParameterReader', () => {
  it('reads the text between parameters literally, and decodes each value', () => {
    const read = pathParameterReader('/repos/{owner}/{repo}/compare/{base}...{head}');
    expect(read('/repos/o/r/compare/main%20x...feature%209')).toEqual({
      owner: 'o',
      repo: 'r',
      base: 'main x',
      head: 'feature 9',
    });
    expect(read('/repos/o/r/compare/main..feature')).toBeNull();
    expect(pathParameterReader('/files/{name}.json')('/files/a%2Fb.json')).toEqual({ name: 'a/b' });
  });

  it('matches nothing for a value that does not decode, or a repeated name with two values', () => {
    expect(pathParameterReader('/items/{id}')('/items/%E0%A4%A')).toBeNull();
    expect(pathParameterReader('/{id}/copy/{id}')('/1/copy/2')).toBeNull();
    expect(pathParameterReader('/{id}/copy/{id}')('/1/copy/1')).toEqual({ id: '1' });
  });
});
