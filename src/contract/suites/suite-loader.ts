import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { ContractConfigError } from '../errors.js';
import type { SpecIndex } from '../../engine/operation-index.js';
import type { SuiteAssertion } from '../types.js';
import { referencedVariables } from './interpolate.js';
import { isValidPointer } from './json-pointer.js';
import { suiteFileSchema } from './suite-file-schema.js';

export interface SuiteStep {
  name: string;
  operation: string;
  auth: 'primary' | 'second' | 'none';
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  /** Absent when the step sends no body. */
  body?: { value: unknown };
  expectedStatus: number[];
  assertions: SuiteAssertion[];
  /** Variable name → JSON pointer into the response body. */
  captures: Record<string, string>;
}

export interface Suite {
  file: string;
  name: string;
  description?: string;
  variables: Record<string, unknown>;
  steps: SuiteStep[];
  /** Why the suite cannot run against this document (it calls an operation the document lacks). */
  unavailable?: string;
}

/** Variables every suite may use without defining them. */
export const BUILTIN_VARIABLES = ['runId'] as const;

const validateFile = new Ajv({ allErrors: false, strict: false }).compile(suiteFileSchema);

/**
 * The suites at `location`: one YAML file, or every `.yaml`/`.yml` file of a directory in name
 * order (none is fine). Any problem is a ContractConfigError naming the file and the field.
 */
export async function loadSuites(location: string, spec: SpecIndex): Promise<Suite[]> {
  const info = await stat(location).catch(() => undefined);
  if (!info) throw new ContractConfigError(`--suite ${location}: no such file or directory`);
  const files = info.isDirectory()
    ? (await readdir(location))
        .filter((name) => /\.ya?ml$/i.test(name))
        .sort()
        .map((name) => join(location, name))
    : [location];
  return Promise.all(files.map((file) => loadSuite(file, spec)));
}

async function loadSuite(file: string, spec: SpecIndex): Promise<Suite> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ContractConfigError(`${file}: cannot be read as YAML (${(error as Error).message})`);
  }
  if (!validateFile(raw)) throw new ContractConfigError(`${file}: ${describe(validateFile.errors?.[0])}`);
  const data = raw as RawSuite;
  const suite: Suite = {
    file,
    name: data.name,
    description: data.description,
    variables: data.variables ?? {},
    steps: data.steps.map(toStep),
  };
  checkSteps(file, suite, spec);
  return suite;
}

interface RawStep {
  name: string;
  operation: string;
  auth?: SuiteStep['auth'];
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
  expect: { status: number | number[] };
  assert?: SuiteAssertion[];
  capture?: Record<string, string>;
}

interface RawSuite {
  name: string;
  description?: string;
  variables?: Record<string, unknown>;
  steps: RawStep[];
}

function toStep(raw: RawStep): SuiteStep {
  return {
    name: raw.name,
    operation: raw.operation,
    auth: raw.auth ?? 'primary',
    params: raw.params ?? {},
    query: raw.query ?? {},
    headers: raw.headers ?? {},
    body: 'body' in raw ? { value: raw.body } : undefined,
    expectedStatus: Array.isArray(raw.expect.status) ? raw.expect.status : [raw.expect.status],
    assertions: raw.assert ?? [],
    captures: raw.capture ?? {},
  };
}

/** What a schema cannot say: operations exist, pointers parse, variables are defined before use. */
function checkSteps(file: string, suite: Suite, spec: SpecIndex): void {
  const defined = new Set<string>([...BUILTIN_VARIABLES, ...Object.keys(suite.variables)]);
  suite.steps.forEach((step, index) => {
    const where = `${file}: steps[${index}] ("${step.name}")`;
    const op = spec.get(step.operation);
    if (!op) {
      const calls = `its step "${step.name}" calls the operation "${step.operation}"`;
      suite.unavailable ??= `${calls}, which the document does not have`;
      return;
    }
    for (const param of op.parameters.filter((p) => p.in === 'path')) {
      if (!(param.name in step.params))
        throw new ContractConfigError(`${where}.params: the path parameter "${param.name}" is missing`);
    }
    const used = referencedVariables([step.params, step.query, step.headers, step.body?.value, step.assertions]);
    const undefinedName = used.find((name) => !defined.has(name));
    if (undefinedName)
      throw new ContractConfigError(`${where}: \${${undefinedName}} is used before any step captures it`);
    for (const [variable, pointer] of Object.entries(step.captures)) {
      if (!isValidPointer(pointer))
        throw new ContractConfigError(`${where}.capture.${variable}: "${pointer}" is not a JSON pointer`);
      defined.add(variable);
    }
    for (const [i, assertion] of step.assertions.entries()) {
      if (!isValidPointer(assertion.pointer))
        throw new ContractConfigError(`${where}.assert[${i}].pointer: "${assertion.pointer}" is not a JSON pointer`);
    }
  });
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'is not a valid suite';
  const field = error.instancePath
    .split('/')
    .slice(1)
    .reduce(
      (path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment),
      '',
    );
  const extra =
    error.keyword === 'additionalProperties'
      ? ` "${(error.params as { additionalProperty: string }).additionalProperty}"`
      : '';
  const allowed =
    error.keyword === 'enum' ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
  return `${field || '(top level)'}: ${error.message}${extra}${allowed}`;
}
