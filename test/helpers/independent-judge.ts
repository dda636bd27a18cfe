import SwaggerParser from '@apidevtools/swagger-parser';
import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';
import { convertObj } from 'swagger2openapi';

/**
 * A judge of response bodies that shares no code with pers-mock: swagger-parser dereferences the
 * document, @openapi-contrib/openapi-schema-to-json-schema turns OpenAPI 3.0 schemas (nullable,
 * readOnly, …) into JSON Schema, and a plain Ajv (draft-07 for 3.0's converted schemas, 2020-12
 * for 3.1, whose schemas are JSON Schema already) with ajv-formats validates.
 */
export interface IndependentJudge {
  document: OpenAPIV3.Document;
  /** Schema problems of a body sent with `status` by `method path` (empty: valid, or nothing to judge). */
  problems(path: string, method: string, status: string, mediaType: string, body: unknown): string[];
}

export async function createIndependentJudge(file: string): Promise<IndependentJudge> {
  // In a document with recursive schemas, those stay `$ref`s (into the document as published,
  // added to Ajv below): the converter and Ajv take trees, not cycles.
  const source = await openApi3(file);
  const parser = new SwaggerParser();
  const acyclic = (await parser.dereference(structuredClone(source), {
    dereference: { circular: 'ignore' },
  })) as OpenAPIV3.Document;
  const document = parser.$refs.circular ? acyclic : ((await SwaggerParser.dereference(source)) as OpenAPIV3.Document);
  const is31 = document.openapi.startsWith('3.1');
  // The document's schemas are judged as published: a slip the meta-schema forbids but that does
  // not change what a schema accepts (an enum listing a value twice, as Ideal Postcodes' country
  // enums do) must not stop the judging.
  const options = { strict: false, allErrors: true, validateSchema: false };
  const ajv = is31 ? new Ajv2020(options) : new Ajv(options);
  addFormats.default(ajv);
  // Formats OpenAPI names that JSON Schema does not define: any value of the type is one.
  for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(format, true);
  ajv.addVocabulary(['example', 'xml', 'externalDocs', 'discriminator']);
  const convert = (schema: object) => {
    const converted = is31
      ? withoutNullable(structuredClone(schema))
      : (fromSchema(schema as never) as Record<string, unknown>);
    const { $schema: _ignored, ...json } = converted as Record<string, unknown>;
    return pointIntoDocument(json);
  };
  // A `$ref` may point anywhere in the document (a schema under `paths`, not only the components).
  if (parser.$refs.circular) ajv.addSchema(withSchemasConverted(source, convert) as object, DOCUMENT_ID);
  const compiled = new Map<object, ValidateFunction>();
  const validatorFor = (schema: object) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(convert(schema));
      compiled.set(schema, validate);
    }
    return validate;
  };
  return {
    document,
    problems(path, method, status, mediaType, body) {
      const operation = document.paths[path]?.[method as OpenAPIV3.HttpMethods];
      const response = operation?.responses[status] as OpenAPIV3.ResponseObject | undefined;
      const schema = response?.content?.[mediaType]?.schema;
      if (!schema) return [];
      const validate = validatorFor(schema);
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    },
  };
}

const DOCUMENT_ID = 'document';

/**
 * The document as OpenAPI 3: a Swagger 2.0 one converted by swagger2openapi (the conversion is
 * the one the mock uses; the judging itself shares nothing with it).
 */
async function openApi3(file: string): Promise<OpenAPIV3.Document> {
  const document = (await SwaggerParser.bundle(file)) as OpenAPIV3.Document & { swagger?: string };
  if (document.swagger === undefined) return document;
  const { openapi } = await convertObj(document, { patch: true, warnOnly: true });
  return openapi as OpenAPIV3.Document;
}

/** Keys whose value is a schema wherever they appear outside one (parameters, media types, headers). */
const SCHEMA_KEYS = new Set(['schema']);
/** Keys whose value is data, never holding a schema of the document. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

/**
 * A copy of the document with every schema in it (the components' and those written in place,
 * under `paths`, `webhooks` or other components) converted; the rest copied as it is.
 */
function withSchemasConverted(node: unknown, convert: (schema: object) => object, key = ''): unknown {
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) return node.map((item) => withSchemasConverted(item, convert));
  const entries = Object.entries(node as Record<string, unknown>).map(([name, child]): [string, unknown] => {
    if (DATA_KEYS.has(name) || name.startsWith('x-') || typeof child !== 'object' || child === null)
      return [name, child];
    if (SCHEMA_KEYS.has(name)) return [name, convert(child)];
    if (key === 'components' && name === 'schemas')
      return [name, Object.fromEntries(Object.entries(child).map(([id, schema]) => [id, convert(schema as object)]))];
    return [name, withSchemasConverted(child, convert, name)];
  });
  return Object.fromEntries(entries);
}

/** The schema with its `$ref`s into the document (`#/…`) pointing at the document added to Ajv. */
function pointIntoDocument<T>(value: T): T {
  if (Array.isArray(value)) value.forEach(pointIntoDocument);
  else if (typeof value === 'object' && value !== null) {
    const node = value as Record<string, unknown>;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) node.$ref = `${DOCUMENT_ID}${node.$ref}`;
    Object.values(node).forEach(pointIntoDocument);
  }
  return value;
}

/** Keywords whose value is a subschema, a list of subschemas, or a map of names to subschemas. */
const SUBSCHEMA = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'contentSchema',
];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/**
 * The schema without OpenAPI 3.0's `nullable`, which 3.1 dropped: there it is an unknown keyword,
 * an annotation that changes nothing, but Ajv applies it in every dialect (and refuses it without
 * `type`). Only schema objects lose it: a property named `nullable`, or the key in an `enum`,
 * `const`, `default` or example value, is data.
 */
export function withoutNullable<T>(schema: T): T {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const node = schema as Record<string, unknown>;
  delete node.nullable;
  const subschemas = [
    ...SUBSCHEMA.map((key) => node[key]),
    ...SUBSCHEMA_LISTS.flatMap((key) => (Array.isArray(node[key]) ? node[key] : [])),
    ...SUBSCHEMA_MAPS.flatMap((key) => {
      const map = node[key];
      return typeof map === 'object' && map !== null && !Array.isArray(map) ? Object.values(map) : [];
    }),
  ];
  subschemas.forEach(withoutNullable);
  return schema;
}
