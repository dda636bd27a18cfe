#!/usr/bin/env node
// Summarises a V8 CPU profile (node --cpu-prof) as text: where the time goes by package/module
// (self and inclusive) and by function.
//
//   node bench/profile-summary.mjs <file.cpuprofile> [--window <file.window.json>] [--first <ms>] [--top 25]
//
// --first <ms> keeps only the first <ms> of the profile (e.g. a start-up, before shutdown).
// `npm run bench` with BENCH_CPU_PROF=<dir> writes a profile per measured mock process and, next
// to it, <name>.window.json with the measured interval ({ startUs, endUs } on the same monotonic
// clock as the profile), so the summary can leave out start-up and warm-up.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && !['--window', '--top', '--first'].includes(args[i - 1]));
if (!file) {
  console.error(
    'usage: node bench/profile-summary.mjs <file.cpuprofile> [--window <file.window.json>] [--first <ms>] [--top N]',
  );
  process.exit(2);
}
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const top = Number(option('--top') ?? 25);
let windowFile = option('--window');
if (!windowFile && file.endsWith('.cpuprofile')) {
  const guess = file.replace(/\.cpuprofile$/, '.window.json');
  try {
    readFileSync(guess);
    windowFile = guess;
  } catch {
    // no window: the whole profile
  }
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const first = option('--first');
let window = windowFile ? JSON.parse(readFileSync(windowFile, 'utf8')) : null;
if (first !== undefined) window = { startUs: profile.startTime, endUs: profile.startTime + Number(first) * 1000 };
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Which package or part of the program a frame belongs to. */
function category(frame) {
  const { url, functionName, scriptId } = frame;
  if (!url) {
    if (/^\(.*\)$/.test(functionName)) return functionName; // (garbage collector), (program), (idle), (root)
    // No script: a V8 builtin or a Node binding (writev, runMicrotasks, JSON.parse …).
    if (String(scriptId) === '0') return '(native: V8 builtins, Node bindings)';
    return '(generated code: new Function, e.g. ajv validators)';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) {
    const [, path] = url.split(':');
    const parts = path.split('/');
    return `node:${parts[0] === 'internal' ? parts.slice(0, 2).join('/') : parts[0]}`;
  }
  const dist = url.indexOf('/dist/');
  if (dist !== -1) return `pers-mock ${url.slice(dist + 1)}`;
  return url.replace(/^file:\/\//, '');
}

function frameKey(frame) {
  const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'} ${where}`.trim();
}

function shortUrl(url) {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm !== -1) return url.slice(nm + '/node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist !== -1) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

// Sample i lasts until sample i + 1.
const { samples, timeDeltas } = profile;
let t = profile.startTime;
const times = timeDeltas.map((d) => (t += d));
let total = 0;
const selfByCat = new Map();
const inclByCat = new Map();
const selfByFn = new Map();
const inclByFn = new Map();
const add = (map, key, v) => map.set(key, (map.get(key) ?? 0) + v);
for (let i = 0; i < samples.length; i++) {
  const at = times[i];
  if (window && (at < window.startUs || at > window.endUs)) continue;
  const duration = i + 1 < samples.length ? times[i + 1] - at : 0;
  if (duration <= 0) continue;
  const leaf = nodes.get(samples[i]);
  if (leaf.callFrame.functionName === '(idle)') {
    add(selfByCat, '(idle)', duration);
    total += duration;
    continue;
  }
  total += duration;
  add(selfByCat, category(leaf.callFrame), duration);
  add(selfByFn, frameKey(leaf.callFrame), duration);
  const cats = new Set();
  const fns = new Set();
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(root)') continue;
    cats.add(category(frame));
    fns.add(frameKey(frame));
  }
  for (const c of cats) add(inclByCat, c, duration);
  for (const f of fns) add(inclByFn, f, duration);
}

const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
function table(title, map, n) {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`  ${ms(us)} ms ${pct(us)}  ${key}`);
  }
}

const idle = selfByCat.get('(idle)') ?? 0;
console.log(
  `${basename(file)}: ${(total / 1e6).toFixed(2)} s ` +
    `sampled${first !== undefined ? ` (first ${first} ms)` : window ? ' (measured window only)' : ''}, ` +
    `${pct(idle).trim()} idle`,
);
table('Self time by package / module', selfByCat, top);
table('Inclusive time by package / module (a sample counts once per package on its stack)', inclByCat, top);
table('Self time by function', selfByFn, top);
table('Inclusive time by function', inclByFn, top);
