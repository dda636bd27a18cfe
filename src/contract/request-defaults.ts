import type { DocumentSchemas } from './document-schemas.js';
import type { Random } from '../engine/generation/random.js';
import { parameterText, queryOf, type QueryValues } from './parameter-serialization.js';
import type { OperationSpec, ParameterSpec } from '../engine/operation-index.js';
import type { SchemaObject } from './types.js';

/**
 * Values for the parameters a probe leaves unset, so a request is valid but for what the probe
 * changes on purpose: path parameters, and required query and header parameters. A path
 * parameter keeps one value per name for the whole run, so a nested collection
 * (`/repos/{owner}/{repo}/hooks`) is created, listed, read and deleted under one parent.
 */
export class RequestDefaults {
  private readonly pathValues = new Map<string, string>();
  private readonly required = new Map<OperationSpec, { query: QueryValues; headers: Record<string, string> }>();

  constructor(
    private readonly rng: Random,
    private readonly validator: DocumentSchemas,
    /** The runner's value generator (requestValue). */
    private readonly generate: (schema: SchemaObject, rng: Random, fill: 'full', name: string) => unknown,
  ) {}

  /** The run's value for a path parameter; one of its own where the shared one breaks this operation's schema. */
  pathValue(op: OperationSpec, name: string): string {
    const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
    if (!param) return '';
    const shared = this.pathValues.get(name);
    if (shared !== undefined && this.validator.isValidRaw(param.schema, shared)) return shared;
    const label = shared === undefined ? `path ${name}` : `path ${op.operationId} ${name}`;
    const value = parameterText(param, this.valueOf(param, this.rng.fork(label)));
    if (shared === undefined) this.pathValues.set(name, value);
    return value;
  }

  /** Valid values for the operation's required query parameters, as they are written in the query. */
  requiredQuery(op: OperationSpec): QueryValues {
    return this.requiredOf(op).query;
  }

  /** Valid values for the operation's required header parameters, by lower-case name. */
  requiredHeaders(op: OperationSpec): Record<string, string> {
    return this.requiredOf(op).headers;
  }

  private requiredOf(op: OperationSpec) {
    let values = this.required.get(op);
    if (!values) {
      const rng = this.rng.fork(`required ${op.operationId}`);
      const required = (where: ParameterSpec['in']) => op.parameters.filter((p) => p.in === where && p.required);
      values = {
        query: queryOf(required('query').map((param): [ParameterSpec, unknown] => [param, this.valueOf(param, rng)])),
        headers: Object.fromEntries(
          required('header').map((param) => [param.name.toLowerCase(), parameterText(param, this.valueOf(param, rng))]),
        ),
      };
      this.required.set(op, values);
    }
    return values;
  }

  private valueOf(param: ParameterSpec, rng: Random): unknown {
    return this.generate(param.schema, rng, 'full', param.name) ?? `contract-${rng.word(8)}`;
  }
}
