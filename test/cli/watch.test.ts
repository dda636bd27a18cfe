import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliServer } from '../helpers/cli-process.js';

let dir: string;
let spec: string;
let server: CliServer;
let credentials: { projectKey: string; jwt: string };
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-watch-'));
  spec = join(dir, 'openapi.yaml');
  await copyFile('openapi.yaml', spec);
  server = await startCli(['--db', ':memory:', '--spec', spec, '--watch', '--log-level', 'info']);
  credentials = (
    (await (await fetch(`${server.url}/__mock/credentials`)).json()) as { tenants: Array<typeof credentials> }
  ).tenants[0];
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Polls until `check` holds. A request that meets the moment of the swap (the old server has
 * closed, the new one is not yet listening on the port) counts as "not yet".
 */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs)
      throw new Error(`condition not met within ${timeoutMs} ms\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const PING_PATH = `  /ping:
    get:
      operationId: ping
      summary: Ping
      security: []
      responses:
        '200':
          description: Pong
          content:
            application/json:
              schema:
                type: object
                properties:
                  pong:
                    type: boolean
              example:
                pong: true
        '400':
          description: never
`;

describe('--watch', () => {
  it('reloads the document on change and keeps state; an invalid document keeps the previous one', async () => {
    const created = await fetch(`${server.url}/trigger-sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentials.jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'QR_CODE', name: 'Survives reloads' }),
    });
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`${server.url}/ping`)).status).toBe(404);

    const original = await readFile(spec, 'utf8');
    await writeFile(spec, original.replace('paths:\n', `paths:\n${PING_PATH}`));
    await eventually(async () => (await fetch(`${server.url}/ping`)).status === 200);
    expect(await (await fetch(`${server.url}/ping`)).json()).toEqual({ pong: true });
    const kept = await fetch(`${server.url}/trigger-sources/${id}`, {
      headers: { 'x-project-key': credentials.projectKey },
    });
    expect(kept.status).toBe(200);

    await writeFile(spec, `${original}\n  broken: [unclosed\n`);
    await eventually(async () => /still serving the previous document/.test(server.output()));
    const logged = server
      .output()
      .split('\n')
      .find((line) => line.includes('still serving the previous document'))!;
    expect(logged).toMatch(/openapi\.yaml.*\(\d+:\d+\)/);
    expect((await fetch(`${server.url}/ping`)).status).toBe(200);
    expect(
      (await fetch(`${server.url}/trigger-sources/${id}`, { headers: { 'x-project-key': credentials.projectKey } }))
        .status,
    ).toBe(200);
  });
});
