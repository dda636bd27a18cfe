import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliServer } from '../helpers/cli-process.js';

const PETSTORE = 'node_modules/@readme/oas-examples/3.0/yaml/petstore.yaml';
const PETSTORE_EXPANDED = 'node_modules/@readme/oas-examples/3.0/yaml/petstore-expanded.yaml';
const PUBLISHED = 'fixtures/published/pers-api-2.0.13-trigger-sources.yaml';

let dir: string;
let server: CliServer | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-any-cli-'));
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('pers-mock serve --spec (any document)', () => {
  it('serves a YAML document with state for its CRUD collections', async () => {
    server = await startCli(['--db', ':memory:', '--spec', PETSTORE_EXPANDED]);
    expect(server.output()).toContain(`document:    ${PETSTORE_EXPANDED}`);
    const created = await fetch(`${server.url}/pets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Rex', tag: 'dog' }),
    });
    expect(created.status).toBe(200);
    const { id } = (await created.json()) as { id: number };
    expect(await (await fetch(`${server.url}/pets/${id}`)).json()).toEqual({ id, name: 'Rex', tag: 'dog' });
    expect((await fetch(`${server.url}/pets/${id}`, { method: 'DELETE' })).status).toBe(204);
    // Petstore's Error wants an integer code: the documented shape, with the status as its code
    // and the PERS explanation in the fields the schema leaves open.
    expect((await (await fetch(`${server.url}/pets/${id}`)).json()) as object).toMatchObject({
      status: 404,
      code: 404,
      category: 'DOMAIN_RULE',
      message: expect.any(String),
    });
  });

  it("enforces the document's security schemes", async () => {
    server = await startCli(['--db', ':memory:', '--spec', PETSTORE]);
    const listed = (await (await fetch(`${server.url}/__mock/credentials`)).json()) as {
      schemes: Record<string, { value: string }>;
    };
    const key = listed.schemes.api_key.value;
    expect(server.output()).toContain(`security scheme api_key: header api_key: ${key}`);
    expect((await fetch(`${server.url}/pet/1`, { headers: { api_key: key } })).status).toBe(200);
    const guessed = await fetch(`${server.url}/pet/1`, { headers: { api_key: 'k' } });
    expect(guessed.status).toBe(401);
    expect(((await guessed.json()) as { code: string }).code).toBe('CREDENTIALS_INVALID');
    const anonymous = await fetch(`${server.url}/pet/1`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      code: 'CREDENTIALS_MISSING',
      detail: "This operation needs header api_key ('api_key')",
    });
  });

  it('applies --overlay (PERS_MOCK_OVERLAY) before serving', async () => {
    server = await startCli(['--db', ':memory:', '--spec', PUBLISHED], {
      PERS_MOCK_OVERLAY: 'overlays/pers-2.0.13-fixes.yaml',
    });
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(document.components.schemas.TriggerSourceResponseDto.properties.createdAt).toMatchObject({
      type: 'string',
      format: 'date-time',
      'x-published-as': { type: 'object' },
    });
  });

  it('with --watch, reloads when the overlay changes', async () => {
    const overlay = join(dir, 'title.yaml');
    const titled = (title: string) =>
      `overlay: 1.0.0\ninfo: { title: t, version: '1' }\nactions:\n  - target: $.info\n` +
      `    update: { title: ${title} }\n`;
    await writeFile(overlay, titled('First'));
    server = await startCli(['--db', ':memory:', '--spec', PUBLISHED, '--overlay', overlay, '--watch']);
    const title = async () =>
      ((await (await fetch(`${server!.url}/openapi.json`)).json()) as { info: { title: string } }).info.title;
    expect(await title()).toBe('First');
    await writeFile(overlay, titled('Second'));
    const started = Date.now();
    while ((await title()) !== 'Second') {
      if (Date.now() - started > 10_000) throw new Error(`not reloaded:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('logs each unsupported construct with its location, and a schema it cannot compile when first used, and keeps serving', async () => {
    const spec = join(dir, 'odd.yaml');
    await writeFile(
      spec,
      `openapi: 3.0.3
info: { title: Odd, version: '1' }
paths:
  /broken:
    post:
      requestBody:
        content:
          application/json: { schema: { type: object, properties: { code: { type: string, pattern: '(unclosed' } } } }
      responses: { '200': { description: OK, content: { application/json: { example: { ok: true } } } } }
  /when:
    get:
      responses:
        '200': { description: OK, content: { application/json: { schema: { type: string, format: stardate } } } }
`,
    );
    server = await startCli(['--db', ':memory:', '--spec', spec]);
    expect(server.output()).toMatch(
      /"pointer":"#\/paths\/~1when\/get\/responses\/200\/content\/application~1json\/schema\/format".*format 'stardate' is unknown/,
    );
    expect(server.output()).toContain('warnings:    1 about the document');
    const response = await fetch(`${server.url}/broken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"code":"x"}',
    });
    expect(response.status).toBe(200);
    expect(server.output()).toMatch(
      /POST \/broken \(#\/paths\/~1broken\/post\): its schema cannot be compiled, so it is not validated/,
    );
  });

  it.each([
    [
      'a file that is not an overlay',
      ['--spec', PUBLISHED, '--overlay', 'package.json'],
      /package\.json: is not an OpenAPI Overlay 1\.0 document: 'overlay' must be a 1\.x\.y version/,
    ],
  ])('refuses %s with exit code 2 and a message naming the file', async (_name, args, message) => {
    const result = await runCli(['serve', '--db', ':memory:', '--port', '0', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
