#!/usr/bin/env node
// Fails when the modules under src/ import each other in a cycle, type-only imports included
// (ESLint's import-x/no-cycle skips those): a cycle makes modules impossible to read, test or
// load on their own. Imports are read and resolved by TypeScript itself, as tsc resolves them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..');
const sourceRoot = join(root, 'src');
const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);

const files = readdirSync(sourceRoot, { recursive: true })
  .map((file) => join(sourceRoot, String(file)))
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));

const imports = new Map(files.map((file) => [file, importsOf(file)]));
const cycles = findCycles(imports);
for (const cycle of cycles) console.error(`import cycle: ${cycle.map((file) => relative(root, file)).join(' → ')}`);
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s) under src/`);
  process.exit(1);
}
console.log(`no import cycles among ${files.length} modules under src/`);

function importsOf(file) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map(({ fileName }) => ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule?.resolvedFileName)
    .filter((target) => target !== undefined && target.startsWith(sourceRoot) && !target.includes('node_modules'));
}

/**
 * Every strongly connected component of more than one module (or a module importing itself), as
 * one cycle through it.
 */
function findCycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let counter = 0;
  const visit = (node) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component);
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components.map((component) => cycleThrough(component, graph));
}

/** One closed path through a component, starting at its first module in name order. */
function cycleThrough(component, graph) {
  const members = new Set(component);
  const start = [...members].sort()[0];
  const path = [start];
  const seen = new Set([start]);
  const walk = (node) => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) return true;
      if (!members.has(next) || seen.has(next)) continue;
      seen.add(next);
      path.push(next);
      if (walk(next)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return [...path, start];
}
