import { describe, expect, it } from 'vitest';
import { upstreamPath } from '../../src/proxy/upstream.js';

describe('upstreamPath', () => {
  it.each([
    ['/v2', '/trigger-sources', '/v2/trigger-sources'],
    ['/v2', '/v2/trigger-sources?limit=1', '/v2/trigger-sources?limit=1'],
    ['/v2', '/v2', '/v2'],
    ['/v2', '/v2?x=1', '/v2?x=1'],
    ['/v2', '/v2x/trigger-sources', '/v2/v2x/trigger-sources'],
    ['/v2/', '/trigger-sources', '/v2/trigger-sources'],
    ['/', '/trigger-sources', '/trigger-sources'],
    ['', '/v2/trigger-sources', '/v2/trigger-sources'],
  ])('under base path %j sends %j to %j', (base, url, expected) => {
    expect(upstreamPath(base, url)).toBe(expected);
  });
});
