import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli, type CliServer } from '../helpers/cli-process.js';
import { createInFlight } from '../helpers/tenant-requests.js';

let server: CliServer | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
});

describe('pers-mock serve', () => {
  it('prints its URL, the docs URL and ready-to-paste credentials for each tenant', async () => {
    server = await startCli(['--db', ':memory:']);
    const banner = server.output();
    expect(banner).toContain(`docs:        ${server.url}/docs`);
    expect(banner).toContain('x-project-key: pk_test_harbour_7f3a9c2e51d84b06');
    expect(banner).toContain('x-project-key: pk_test_summit_c41d8e6b09a27f35');
    const token = /Authorization: Bearer (\S+)/.exec(banner)![1];
    const response = await fetch(`${server.url}/trigger-sources`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'QR_CODE', name: 'From the banner' }),
    });
    expect(response.status).toBe(201);
  });

  it('starts with a sentence, not a JSON log line, and answers GET / with where to look', async () => {
    server = await startCli(['--db', ':memory:', '--log-level', 'info']);
    expect(server.output().split('\n')[0]).toBe(`pers-mock listening on ${server.url} (also under ${server.url}/v2)`);
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(await index.json()).toMatchObject({
      docs: '/docs',
      openapi: '/openapi.json',
      credentials: '/__mock/credentials',
    });
  });

  it('logs a refused CORS origin once, with the flag that allows it, and lets browsers keep preflights', async () => {
    server = await startCli(['--db', ':memory:', '--cors-origin', 'http://app.example']);
    const preflight = (origin: string) =>
      fetch(`${server!.url}/trigger-sources`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-project-key' },
      });
    const allowed = await preflight('http://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(allowed.headers.get('access-control-max-age')).toBe('600');
    for (let i = 0; i < 3; i++)
      expect((await preflight('http://other.example')).headers.get('access-control-allow-origin')).toBeNull();
    await fetch(`${server.url}/trigger-sources`, { headers: { origin: 'http://third.example' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const told = server.output().match(/refused browser requests from origin \S+/g);
    expect(told).toEqual([
      'refused browser requests from origin http://other.example',
      'refused browser requests from origin http://third.example',
    ]);
    expect(server.output()).toContain('to allow it, start with --cors-origin http://other.example');
  });

  it('serves the API reference and the document, whose modules the bundle loads on first use', async () => {
    server = await startCli(['--db', ':memory:']);
    const docs = await fetch(`${server.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger-ui/i);
    expect((await fetch(`${server.url}/docs/static/swagger-ui-bundle.js`)).status).toBe(200);
    const yaml = await fetch(`${server.url}/openapi.yaml`);
    expect(yaml.status).toBe(200);
    expect(await yaml.text()).toContain('TriggerSourcesController_getTriggerSources');
    expect(((await (await fetch(`${server.url}/openapi.json`)).json()) as { openapi: string }).openapi).toMatch(/^3\./);
  });

  it('validates the requests of an OpenAPI 3.1 document with JSON Schema 2020-12, whose Ajv the bundle loads on demand', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pers-mock-oas31-'));
    const spec = join(dir, 'openapi.json');
    const body = {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' }, pair: { type: 'array', prefixItems: [{ type: 'integer' }] } },
    };
    await writeFile(
      spec,
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'Pets', version: '1' },
        paths: {
          '/pets': {
            post: {
              requestBody: { required: true, content: { 'application/json': { schema: body } } },
              responses: { '201': { description: 'created' } },
            },
          },
        },
      }),
    );
    try {
      server = await startCli(['--db', ':memory:', '--spec', spec]);
      const post = (payload: object) =>
        fetch(`${server!.url}/pets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
      expect((await post({ name: 'Rex', pair: [1] })).status).toBe(201);
      const invalid = await post({ name: 'Rex', pair: ['one'] });
      expect(invalid.status).toBe(400);
      expect(await invalid.text()).toContain('body/pair/0');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes its settings from environment variables', async () => {
    server = await startCli([], { PERS_MOCK_DB: ':memory:', PERS_MOCK_RECORDS: '3', PERS_MOCK_SEED: '9' });
    const health = await (await fetch(`${server.url}/__mock/health`)).json();
    expect(health).toMatchObject({
      store: { kind: 'memory', triggerSources: 6 },
      seed: { seed: 9, recordsPerTenant: 3 },
    });
  });

  it('stops cleanly with exit code 0 on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      server = await startCli(['--db', ':memory:']);
      expect(await server.stop(signal)).toBe(0);
    }
  });

  it('on SIGTERM finishes in-flight writes, flushes them and exits 0 within a few seconds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pers-mock-sigterm-'));
    const db = join(dir, 'db.json');
    server = await startCli(['--db', db, '--records', '0']);
    const { tenants } = (await (await fetch(`${server.url}/__mock/credentials`)).json()) as {
      tenants: Array<{ jwt: string; projectKey: string }>;
    };
    const inFlight = Array.from({ length: 200 }, (_, i) => createInFlight(server!.url, tenants[0].jwt, i));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stoppedAt = Date.now();
    const code = await server.stop('SIGTERM');
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect(code).toBe(0);
    const answered = (await Promise.all(inFlight)).filter((r) => r !== undefined);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((r) => r.status === 201)).toBe(true);

    server = await startCli(['--db', db]);
    const listed = (await (
      await fetch(`${server.url}/trigger-sources`, { headers: { 'x-project-key': tenants[0].projectKey } })
    ).json()) as Array<{ id: string }>;
    expect(new Set(listed.map((s) => s.id))).toEqual(new Set(answered.map((r) => r.id)));
    await rm(dir, { recursive: true });
  });

  it.each([
    [['--port', 'abc'], /--port takes a whole number/],
    [['--records', '-1'], /--records takes a whole number/],
    [['--log-level', 'loud'], /Allowed choices are/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('rejects %j with a clear message and exit code 2, as contract does', async (args, message) => {
    const result = await runCli(['serve', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses to start on a corrupt store file, naming it, and leaves it untouched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pers-mock-cli-'));
    const db = join(dir, 'db.json');
    await writeFile(db, '{ nope');
    const result = await runCli(['serve', '--port', '0', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`pers-mock: cannot start: ${db}: is not valid JSON`);
    expect(result.stderr).toContain('run again with --recover');
    await rm(dir, { recursive: true });
  });

  it('says when it loads an existing store, with its count, and that --seed and --records do not apply to it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pers-mock-cli-'));
    const db = join(dir, 'db.json');
    try {
      server = await startCli(['--db', db, '--records', '3']);
      expect(server.output()).toContain(`store:       ${db} (new, seeded: seed 2013, 3 per tenant)`);
      await server.stop();
      server = await startCli(['--db', db, '--seed', '5', '--records', '0']);
      expect(server.output()).toContain(
        `store:       ${db} (loaded: 6 trigger sources; --seed and --records apply only to a new store, ` +
          'to --fresh and to POST /__mock/reset)',
      );
      expect((await (await fetch(`${server.url}/__mock/health`)).json()) as object).toMatchObject({
        store: { triggerSources: 6 },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with --fresh (or PERS_MOCK_FRESH) discards the stored data, reseeds, and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pers-mock-cli-'));
    const db = join(dir, 'db.json');
    try {
      server = await startCli(['--db', db]);
      await server.stop();
      server = await startCli(['--db', db, '--fresh', '--seed', '5', '--records', '1']);
      expect(server.output()).toContain(
        `store:       ${db} (reseeded by --fresh: seed 5, 1 per tenant; what it held before was discarded)`,
      );
      expect((await (await fetch(`${server.url}/__mock/health`)).json()) as object).toMatchObject({
        store: { triggerSources: 2 },
        seed: { seed: 5 },
      });
      await server.stop();
      server = await startCli(['--db', db, '--records', '0'], { PERS_MOCK_FRESH: 'true' });
      expect(server.output()).toContain('reseeded by --fresh: seed 2013, 0 per tenant');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['--recover', ['--recover'], {}],
    ['PERS_MOCK_RECOVER', [], { PERS_MOCK_RECOVER: 'true' }],
    ['the deprecated --reset (and a warning)', ['--reset'], {}],
    ['the deprecated PERS_MOCK_RESET (and a warning)', [], { PERS_MOCK_RESET: 'true' }],
  ])('moves an unreadable store aside and seeds a new one with %s', async (name, args, env) => {
    const dir = await mkdtemp(join(tmpdir(), 'pers-mock-cli-'));
    const db = join(dir, 'db.json');
    await writeFile(db, '{ nope');
    try {
      server = await startCli(['--db', db, ...args], env);
      expect(server.output()).toMatch(
        new RegExp(`store: {7}${db} \\(unreadable, moved to ${db}\\.unreadable-\\d+; seeded afresh: seed 2013`),
      );
      const warned = server.output().includes('--reset (PERS_MOCK_RESET) is deprecated');
      expect(warned).toBe(name.includes('deprecated'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses --store together with --db as a usage error (exit 2)', async () => {
    const result = await runCli(['serve', '--port', '0', '--db', ':memory:', '--store', 'postgres://u@127.0.0.1:1/db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--store and --db are exclusive');
  });

  it('lets PERS_MOCK_STORE win over a PERS_MOCK_DB from the environment (as the image sets one)', async () => {
    const result = await runCli(['serve', '--port', '0'], {
      PERS_MOCK_DB: '/data/db.json',
      PERS_MOCK_STORE: 'postgres://u@127.0.0.1:1/db',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('postgres://u@127.0.0.1:1/db: cannot connect');
  });

  it('refuses a --store that is not a PostgreSQL URL', async () => {
    const result = await runCli(['serve', '--port', '0', '--store', 'mysql://u@127.0.0.1/db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--store takes a postgres:// or postgresql:// URL');
  });

  it('gives up on an unreachable database with a clear message and exit 2, after a few seconds of retries', async () => {
    const started = Date.now();
    const result = await runCli(['serve', '--port', '0', '--store', 'postgres://u:secret@127.0.0.1:1/db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /cannot start: postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db: cannot connect \(.*\) after 5 attempt/,
    );
    expect(result.stderr).not.toContain('secret');
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('lists its options with --help, and exits 0', async () => {
    const result = await runCli(['serve', '--help']);
    expect(result.code).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--db',
      '--store',
      '--seed',
      '--records',
      '--jwt-secret',
      '--log-level',
      '--validate-responses',
      '--fresh',
      '--recover',
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});
