import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliServer } from '../helpers/cli-process.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

let server: CliServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startCli(['--db', ':memory:']),
    chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the API reference at /docs', () => {
  it.each([
    ['the address the server listens on', (url: string) => url],
    ['localhost, as the browser reached it', (url: string) => url.replace('127.0.0.1', 'localhost')],
  ])('pre-selects this server for Try it out, reached at %s, with production second', async (_name, reach) => {
    const origin = reach(server.url);
    const tab = await browser.newPage();
    try {
      await tab.goto(`${origin}/docs/`);
      const servers = tab.locator('.servers select');
      await servers.waitFor();
      const selected = await servers.inputValue();
      expect(selected).toBe(origin);
      expect(await servers.locator('option').allTextContents()).toEqual([
        `${origin} - this pers-mock server`,
        'https://api.pers.ninja/v2 - PERS production',
      ]);
    } finally {
      await tab.close();
    }
  });
});
