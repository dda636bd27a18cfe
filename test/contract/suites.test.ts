import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContractConfigError } from '../../src/contract/errors.js';
import type { SpecIndex } from '../../src/engine/operation-index.js';
import { evaluateAssertion } from '../../src/contract/suites/assertions.js';
import { interpolate } from '../../src/contract/suites/interpolate.js';
import { resolvePointer } from '../../src/contract/suites/json-pointer.js';
import { loadSuites } from '../../src/contract/suites/suite-loader.js';
import { checkContext } from './helpers/exchanges.js';
import { tempDir } from './helpers/temp-dirs.js';

let spec: SpecIndex;
beforeAll(async () => {
  spec = (await checkContext()).spec;
});

async function suiteFile(text: string): Promise<string> {
  const file = join(await tempDir('suite'), 'suite.yaml');
  await writeFile(file, text);
  return file;
}

const step = (extra = '') => `
  - name: get
    operation: TriggerSourcesController_getTriggerSource
    params: { id: abc }
    expect: { status: 200 }${extra}`;

describe('loading suites', () => {
  it('loads the shipped lifecycle suite: create → get → list → update → get → delete → get 404', async () => {
    const [suite] = await loadSuites('contracts', spec);
    expect(suite.steps.map((s) => `${s.name}:${s.expectedStatus.join('|')}`)).toEqual([
      'create:201',
      'get:200',
      'list:200',
      'update:200',
      'get after update:200',
      'delete:200',
      'get after delete:404',
    ]);
  });

  it('loads a suite that calls an operation the document lacks as unavailable, saying which', async () => {
    const dir = await tempDir('unknown-operation');
    await writeFile(
      join(dir, 'suite.yaml'),
      'name: x\nsteps:\n  - name: a\n    operation: Nope\n    expect: { status: 200 }\n',
    );
    const [suite] = await loadSuites(dir, spec);
    expect(suite.unavailable).toBe('its step "a" calls the operation "Nope", which the document does not have');
  });

  it('loads nothing from an empty directory', async () => {
    expect(await loadSuites(await tempDir('empty'), spec)).toEqual([]);
  });

  it.each([
    ['a missing file', null, /--suite .*: no such file or directory/],
    ['YAML that does not parse', 'name: [', /suite\.yaml: cannot be read as YAML/],
    [
      'a missing field',
      'name: x\nsteps:\n  - name: a\n    operation: TriggerSourcesController_getTriggerSources\n',
      /suite\.yaml: steps\[0\]: must have required property 'expect'/,
    ],
    [
      'an unknown field',
      `name: x\nsteps:${step('\n    retries: 3')}`,
      /suite\.yaml: steps\[0\]: must NOT have additional properties "retries"/,
    ],
    [
      'a missing path parameter',
      'name: x\nsteps:\n  - name: a\n    operation: TriggerSourcesController_getTriggerSource\n' +
        '    expect: { status: 200 }\n',
      /steps\[0\] \("a"\)\.params: the path parameter "id" is missing/,
    ],
    [
      'a variable used before it is captured',
      `name: x\nsteps:${step().replace('abc', "'${id}'")}`,
      /steps\[0\] \("get"\): \$\{id\} is used before any step captures it/,
    ],
    [
      'a capture that is not a JSON pointer',
      `name: x\nsteps:${step('\n    capture: { id: id }')}`,
      /capture\.id: "id" is not a JSON pointer/,
    ],
  ])('refuses %s, naming the file and field', async (_label, text, message) => {
    const location = text === null ? '/nonexistent/suite.yaml' : await suiteFile(text);
    const error = await loadSuites(location, spec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractConfigError);
    expect((error as Error).message).toMatch(message);
  });
});

describe('suite building blocks', () => {
  it('interpolates variables, keeping the type of a whole-string reference', () => {
    expect(
      interpolate({ id: '${id}', name: 'QR ${runId}', n: '${count}' }, { id: 'a1', runId: 'r9', count: 3 }),
    ).toEqual({ id: 'a1', name: 'QR r9', n: 3 });
  });

  it('resolves RFC 6901 pointers, escapes included', () => {
    const doc = { a: [{ 'b/c': 1, 'd~e': 2 }] };
    expect([
      resolvePointer(doc, '/a/0/b~1c'),
      resolvePointer(doc, '/a/0/d~0e'),
      resolvePointer(doc, '/a/1'),
      resolvePointer(doc, ''),
    ]).toEqual([1, 2, undefined, doc]);
  });

  it.each([
    [{ pointer: '/n', equals: 1 }, { n: 1 }, true],
    [{ pointer: '/n', equals: 1 }, { n: 2 }, false],
    [{ pointer: '/n', exists: false }, {}, true],
    [{ pointer: '/s', matches: '^[A-Z_]+$' }, { s: 'NOT_FOUND' }, true],
    [{ pointer: '', contains: { id: 'x' } }, [{ id: 'x', name: 'n' }], true],
    [{ pointer: '', notContains: { id: 'x' } }, [{ id: 'x' }], false],
    [{ pointer: '/list', length: 2 }, { list: [1, 2] }, true],
  ])('assertion %j on %j holds: %s', (assertion, body, holds) => {
    expect(evaluateAssertion(assertion, body) === undefined).toBe(holds);
  });
});
