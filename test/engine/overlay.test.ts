import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevJwt } from '../../src/auth/jwt.js';
import { createMockServer } from '../../src/mock-server.js';
import { applyOverlay, checkOverlay, type OverlayDocument } from '../../src/engine/overlay.js';
import { loadSpec, SpecError } from '../../src/engine/load-spec.js';
import { SchemaValidator } from '../../src/engine/validator-ajv.js';

const PUBLISHED = 'fixtures/published/pers-api-2.0.13-trigger-sources.yaml';
const FIXES = 'overlays/pers-2.0.13-fixes.yaml';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pers-mock-overlay-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const overlay = (actions: OverlayDocument['actions']): OverlayDocument => ({
  overlay: '1.0.0',
  info: { title: 't', version: '1' },
  actions,
});

describe('applyOverlay (OpenAPI Overlay 1.0)', () => {
  it('merges an update into every selected object, recursively, keeping what it does not name', () => {
    const document = {
      components: { schemas: { A: { type: 'object', properties: { at: { type: 'object', description: 'when' } } } } },
    };
    applyOverlay(
      document,
      overlay([{ target: '$.components.schemas.A.properties.at', update: { type: 'string', format: 'date-time' } }]),
    );
    expect(document.components.schemas.A.properties.at).toEqual({
      type: 'string',
      format: 'date-time',
      description: 'when',
    });
  });

  it('appends an update to a selected array', () => {
    const document = { tags: [{ name: 'a' }] };
    applyOverlay(document, overlay([{ target: '$.tags', update: { name: 'b' } }]));
    expect(document.tags).toEqual([{ name: 'a' }, { name: 'b' }]);
  });

  it('removes selected object members and array entries (several entries of one array at once)', () => {
    const document = { paths: { '/a': { get: {}, delete: {} } }, tags: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] };
    applyOverlay(
      document,
      overlay([
        { target: "$.paths['/a'].delete", remove: true },
        { target: "$.tags[?(@.name != 'b')]", remove: true },
      ]),
    );
    expect(document).toEqual({ paths: { '/a': { get: {} } }, tags: [{ name: 'b' }] });
  });

  it('applies actions in order and warns, naming the action, about a target that selects nothing', () => {
    const document = { info: { title: 'x' } };
    const warnings = applyOverlay(
      document,
      overlay([
        { target: '$.info', update: { title: 'y' } },
        { target: '$.nothing.here', update: { a: 1 } },
      ]),
      'fixes.yaml',
    );
    expect(document.info.title).toBe('y');
    expect(warnings).toEqual([
      {
        pointer: 'fixes.yaml#/actions/1',
        message: 'overlay target $.nothing.here selects nothing; the action was skipped',
      },
    ]);
  });

  it.each([
    [{ info: { title: 't', version: '1' }, actions: [] }, "'overlay' must be a 1.x.y version"],
    [{ overlay: '1.0.0', actions: [{ target: '$', remove: true }] }, "'info' needs a 'title' and a 'version'"],
    [{ overlay: '1.0.0', info: { title: 't', version: '1' }, actions: [] }, "'actions' must be a non-empty list"],
    [
      { overlay: '1.0.0', info: { title: 't', version: '1' }, actions: [{ target: 'paths', remove: true }] },
      "actions[0].target must be a JSONPath starting with '$'",
    ],
    [
      { overlay: '1.0.0', info: { title: 't', version: '1' }, actions: [{ target: '$.a' }] },
      "actions[0] needs 'update' or 'remove: true'",
    ],
  ])('refuses a malformed overlay %#, naming the field', (value, message) => {
    expect(() => checkOverlay(value, 'bad.yaml')).toThrow(SpecError);
    expect(() => checkOverlay(value, 'bad.yaml')).toThrow(
      `bad.yaml: is not an OpenAPI Overlay 1.0 document: ${message}`,
    );
  });
});

/** Every schema-level example in a dereferenced document, with where it is and the schema it illustrates. */
function schemaExamples(document: OpenAPIV3.Document): Array<{ where: string; schema: object; example: unknown }> {
  const out: Array<{ where: string; schema: object; example: unknown }> = [];
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    for (const [property, value] of Object.entries((schema as OpenAPIV3.SchemaObject).properties ?? {})) {
      const { example, ...rest } = value as OpenAPIV3.SchemaObject;
      if (example !== undefined) out.push({ where: `${name}.${property}`, schema: rest, example });
    }
  }
  return out;
}

describe('the published PERS 2.0.13 document and overlays/pers-2.0.13-fixes.yaml', () => {
  async function failingExamples(overlayFile?: string): Promise<string[]> {
    const spec = await loadSpec(PUBLISHED, { validate: true, overlay: overlayFile });
    const validator = await SchemaValidator.create({ version: spec.version }, 'response');
    return schemaExamples(spec.dereferenced)
      .filter(({ schema, example }) => validator.errors(schema, example).length > 0)
      .map(({ where }) => where)
      .sort();
  }

  it("rejects the published document's own examples as published, and accepts every one after the overlay", async () => {
    expect(await failingExamples()).toEqual([
      'CreateTriggerSourceDto.businessId',
      'CreateTriggerSourceDto.description',
      'TriggerSourceAnalyticsDto.firstEngagedAt',
      'TriggerSourceAnalyticsDto.lastEngagedAt',
      'TriggerSourceResponseDto.businessId',
      'TriggerSourceResponseDto.createdAt',
      'TriggerSourceResponseDto.description',
      'TriggerSourceResponseDto.updatedAt',
      'UpdateTriggerSourceDto.businessId',
      'UpdateTriggerSourceDto.description',
    ]);
    expect(await failingExamples(FIXES)).toEqual([]);
  });

  it('marks each repaired field with what the published document said', async () => {
    const { document } = await loadSpec(PUBLISHED, { validate: true, overlay: FIXES });
    const response = document.components!.schemas!.TriggerSourceResponseDto as OpenAPIV3.SchemaObject;
    expect(response.properties!.createdAt).toMatchObject({
      type: 'string',
      format: 'date-time',
      'x-published-as': { type: 'object' },
    });
    expect(response.properties!.businessId).toMatchObject({
      type: 'string',
      nullable: true,
      'x-published-as': { type: 'object', nullable: true },
    });
  });

  it('over HTTP: the documented create example is a 400 against the published document, and a 201 with --overlay', async () => {
    const example = {
      type: 'QR_CODE',
      name: 'Main Entrance QR Code',
      description: 'QR code located at the main entrance for visitor check-in',
      metadata: { tokenConfig: { tokenId: '1' } },
      businessId: 'business-uuid-123',
    };
    const create = async (overlayFile?: string) => {
      const mock = await createMockServer({
        spec: PUBLISHED,
        overlay: overlayFile,
        db: ':memory:',
        records: 0,
        logLevel: 'silent',
      });
      const jwt = await mintDevJwt(mock.tenants.defaultTenant.id, undefined);
      const response = await mock.app.inject({
        method: 'POST',
        url: '/trigger-sources',
        headers: { authorization: `Bearer ${jwt}` },
        payload: example,
      });
      await mock.close();
      return response;
    };
    const published = await create();
    expect(published.statusCode).toBe(400);
    expect(published.json().details.violations).toEqual([
      { location: 'body', path: '/description', message: 'must be object,null', keyword: 'type' },
      { location: 'body', path: '/businessId', message: 'must be object,null', keyword: 'type' },
    ]);
    const fixed = await create(FIXES);
    expect(fixed.statusCode).toBe(201);
    expect(fixed.json()).toMatchObject({ ...example, isActive: true });
  });

  it('refuses to start, naming the overlay file, when the overlay is not valid', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(
      file,
      'overlay: 1.0.0\ninfo: { title: t, version: "1" }\nactions:\n  - target: "$.components[?(@.x"\n' +
        '    remove: true\n',
    );
    await expect(loadSpec(PUBLISHED, { validate: true, overlay: file })).rejects.toThrow(
      /broken\.yaml: actions\[0\]: target .* is not a valid JSONPath/,
    );
  });
});
