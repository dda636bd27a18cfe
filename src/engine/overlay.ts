import { readFile } from 'node:fs/promises';
import { JSONPath } from 'jsonpath-plus';
import { parse as parseYaml } from 'yaml';
import type { SpecWarning } from './document-scan.js';
import { SpecError } from './spec-error.js';

/** An OpenAPI Overlay 1.0 document: ordered actions on the nodes a JSONPath selects. */
export interface OverlayDocument {
  overlay: string;
  info: { title: string; version: string };
  extends?: string;
  actions: OverlayAction[];
}

export interface OverlayAction {
  target: string;
  description?: string;
  /** Merged into each selected object (recursively), or appended to each selected array. */
  update?: unknown;
  /** Removes each selected node from its parent. */
  remove?: boolean;
}

/** Reads an overlay file and applies it to `document` in place; returns warnings (e.g. targets that select nothing). */
export async function applyOverlayFile(document: object, file: string): Promise<SpecWarning[]> {
  let parsed: unknown;
  try {
    parsed = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SpecError(file, `is not a readable overlay: ${(error as Error).message}`);
  }
  const overlay = checkOverlay(parsed, file);
  return applyOverlay(document, overlay, file);
}

/** Checks the shape of an overlay document, naming the first field that is wrong. */
export function checkOverlay(value: unknown, file: string): OverlayDocument {
  const fail = (problem: string): never => {
    throw new SpecError(file, `is not an OpenAPI Overlay 1.0 document: ${problem}`);
  };
  if (!isObject(value)) return fail('it is not a YAML or JSON object');
  if (typeof value.overlay !== 'string' || !/^1\.\d+\.\d+/.test(value.overlay))
    fail(`'overlay' must be a 1.x.y version, not ${JSON.stringify(value.overlay)}`);
  if (!isObject(value.info) || typeof value.info.title !== 'string' || typeof value.info.version !== 'string')
    fail("'info' needs a 'title' and a 'version'");
  if (!Array.isArray(value.actions) || value.actions.length === 0) fail("'actions' must be a non-empty list");
  (value.actions as unknown[]).forEach((action, i) => {
    if (!isObject(action)) return fail(`actions[${i}] is not an object`);
    if (typeof action.target !== 'string' || !action.target.startsWith('$'))
      fail(`actions[${i}].target must be a JSONPath starting with '$'`);
    if (action.remove !== undefined && typeof action.remove !== 'boolean')
      fail(`actions[${i}].remove must be true or false`);
    if (action.update === undefined && action.remove !== true) fail(`actions[${i}] needs 'update' or 'remove: true'`);
  });
  return value as unknown as OverlayDocument;
}

interface Match {
  value: unknown;
  parent: Record<string, unknown> | unknown[] | null;
  parentProperty: string | number | null;
  pointer: string;
}

/** Applies the actions in order to `document` (in place), as the Overlay 1.0 specification describes. */
export function applyOverlay(document: object, overlay: OverlayDocument, file = 'overlay'): SpecWarning[] {
  const warnings: SpecWarning[] = [];
  overlay.actions.forEach((action, i) => {
    const matches = select(document, action.target, `${file}: actions[${i}]`);
    if (matches.length === 0) {
      warnings.push({
        pointer: `${file}#/actions/${i}`,
        message: `overlay target ${action.target} selects nothing; the action was skipped`,
      });
      return;
    }
    if (action.remove === true) {
      removeAll(matches);
      return;
    }
    for (const match of matches) update(document, match, action.update);
  });
  return warnings;
}

function select(document: object, target: string, where: string): Match[] {
  try {
    return JSONPath<Match[]>({ path: target, json: document, resultType: 'all', eval: 'safe', wrap: true });
  } catch (error) {
    throw new SpecError(where, `target ${target} is not a valid JSONPath: ${(error as Error).message}`);
  }
}

function update(document: object, match: Match, value: unknown): void {
  if (Array.isArray(match.value)) {
    match.value.push(structuredClone(value));
  } else if (isObject(match.value) && isObject(value)) {
    mergeInto(match.value, value);
  } else if (match.parent !== null && match.parentProperty !== null) {
    (match.parent as Record<string | number, unknown>)[match.parentProperty] = structuredClone(value);
  } else if (isObject(value)) {
    mergeInto(document as Record<string, unknown>, value);
  }
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (isObject(current) && isObject(value)) mergeInto(current, value);
    else target[key] = structuredClone(value);
  }
}

/** Array entries are removed from the highest index down, so earlier removals don't shift later ones. */
function removeAll(matches: Match[]): void {
  const index = (match: Match) => (Array.isArray(match.parent) ? Number(match.parentProperty) : -1);
  for (const match of [...matches].sort((a, b) => index(b) - index(a))) {
    if (match.parent === null || match.parentProperty === null) continue;
    if (Array.isArray(match.parent)) match.parent.splice(index(match), 1);
    else delete match.parent[String(match.parentProperty)];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
