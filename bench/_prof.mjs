// usage: node run.mjs <storeArgs...>  (profiles the mock under PUT load)
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
const store = process.argv.slice(2);
const port = 4700 + Math.floor(Math.random() * 200);
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof/out', 'dist/cli/main.js', 'serve', '--port', String(port), '--log-level', 'warn', '--seed', '2013', '--records', '100', ...store], { stdio: ['ignore', 'pipe', 'pipe'], env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PERS_MOCK_'))) });
let out = ''; child.stdout.on('data', (d) => (out += d)); child.stderr.on('data', (d) => (out += d));
while (!/listening on/.test(out)) { if (child.exitCode !== null) { console.log(out); process.exit(1); } await new Promise((r) => setTimeout(r, 50)); }
const url = `http://127.0.0.1:${port}`;
const { tenants } = await fetch(`${url}/__mock/credentials`).then((r) => r.json());
const c = tenants[0];
const ids = (await fetch(`${url}/trigger-sources?limit=100`, { headers: { 'x-project-key': c.projectKey } }).then((r) => r.json())).map((s) => s.id);
const requests = ids.map((id) => ({ method: 'PUT', path: `/trigger-sources/${id}`, headers: { authorization: `Bearer ${c.jwt}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'QR_CODE', name: 'Bench' }) }));
const run = (duration) => autocannon({ url, connections: 10, duration, requests });
await run(2);
const t0 = process.cpuUsage();
const r = await run(Number(process.env.DUR ?? 8));
console.log('req/s', r.requests.average, 'non2xx', r.non2xx);
child.kill('SIGTERM');
await new Promise((r) => child.on('exit', r));
