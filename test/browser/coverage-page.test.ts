import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCoverageHtml } from '../../src/contract/reporters/coverage-html.js';
import { runContract } from '../../src/contract/runner.js';
import type { ContractResult } from '../../src/contract/result.js';
import { startFaultyMock } from '../contract/helpers/faulty-mock.js';
import { tempDir } from '../contract/helpers/temp-dirs.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

let browser: Browser;
let result: ContractResult;
let page: string;

beforeAll(async () => {
  const mock = await startFaultyMock();
  try {
    [browser, result] = await Promise.all([
      chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS }),
      runContract({ baseUrl: mock.baseUrl, specFile: 'openapi.yaml', credentials: mock.credentials, seed: 3 }),
    ]);
  } finally {
    await mock.close();
  }
  page = join(await tempDir('coverage-page'), 'coverage.html');
  await writeFile(page, renderCoverageHtml(result));
});

afterAll(async () => {
  await browser?.close();
});

describe('the --coverage page', () => {
  it('renders on its own, loading nothing, with the overall figure and a row per operation', async () => {
    const tab = await browser.newPage();
    const loaded: string[] = [];
    tab.on('request', (request) => loaded.push(request.url()));
    try {
      const url = pathToFileURL(page).href;
      await tab.goto(url);
      const { seen, documented, parameters, operations } = result.coverage;
      expect(await tab.locator('#responses-figure').textContent()).toBe(`${seen}/${documented}`);
      expect(await tab.locator('#parameters-figure').textContent()).toBe(
        `${parameters.exercised}/${parameters.documented}`,
      );
      expect(seen).toBeGreaterThan(0);
      expect(await tab.locator('tbody tr').count()).toBe(operations.length);
      const list = tab.locator('tr[data-operation="TriggerSourcesController_getTriggerSources"]');
      expect(await list.locator('code').textContent()).toBe('GET /trigger-sources');
      expect(await list.locator('.seen', { hasText: /^200$/ }).count()).toBe(1);
      expect(await list.locator('.seen', { hasText: 'limit (query)' }).count()).toBe(1);
      // Styled from the inline sheet: a seen chip is green, a never-seen one struck through.
      const unseen = tab.locator('.unseen').first();
      expect(await unseen.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).textDecorationLine)).toBe(
        'line-through',
      );
      expect(loaded).toEqual([url]);
    } finally {
      await tab.close();
    }
  });
});
