import { readFile } from 'node:fs/promises';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import type { TriggerSource, TriggerSourceDraft } from '../src/index.js';

describe('the exported API types', () => {
  it('are the ones openapi-typescript generates from openapi.yaml today (run `npm run generate:types` if not)', async () => {
    const generated = astToString(await openapiTS(new URL('../openapi.yaml', import.meta.url)));
    const committed = await readFile('src/generated/pers-api.ts', 'utf8');
    const body = (source: string) => source.slice(source.indexOf('export interface paths'));
    expect(body(committed)).toBe(body(generated));
  });

  it('type a client against the contract', () => {
    const draft: TriggerSourceDraft = { type: 'QR_CODE', name: 'Typed', businessId: null };
    const source: TriggerSource = {
      ...draft,
      id: 'x',
      isActive: true,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    expect(source.type).toBe('QR_CODE');
  });
});
