import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../src/index.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

let mock: RunningMockServer;
let page: Server;
let pageOrigin: string;
let browser: Browser;

beforeAll(async () => {
  mock = await startMockServer();
  const html = await readFile(new URL('./trigger-sources-page.html', import.meta.url), 'utf8');
  page = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(html));
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(page.address() as { port: number }).port}`;
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => page?.close(resolve));
  await mock?.close();
});

const open = async (prefer?: string) => {
  const tab = await browser.newPage();
  const query = new URLSearchParams({ api: mock.url, key: mock.credentials.projectKey, ...(prefer ? { prefer } : {}) });
  await tab.goto(`${pageOrigin}/?${query.toString()}`);
  return tab;
};

describe('a page on another origin', () => {
  it('lists trigger sources through CORS (a preflighted request with x-project-key)', async () => {
    const tab = await open();
    await tab.waitForSelector('#sources li');
    const items = await tab.locator('#sources li').allTextContents();
    expect(items).toHaveLength(10);
    expect(items.every((text) => / · (QR_CODE|API_WEBHOOK)$/.test(text))).toBe(true);
    expect(await tab.locator('#error').isHidden()).toBe(true);
    await tab.close();
  });

  it('shows its error state when it asks for Prefer: code=500', async () => {
    const tab = await open('code=500');
    await tab.waitForSelector('#error:not([hidden])');
    expect(await tab.locator('#error').textContent()).toMatch(
      /^Internal Server Error \(INTERNAL_ERROR, correlation id [0-9a-f-]{36}\)$/,
    );
    expect(await tab.locator('#sources li').count()).toBe(0);
    await tab.close();
  });
});
