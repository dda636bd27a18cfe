#!/usr/bin/env node
// The benchmark's baseline: a bare Fastify server (the framework pers-mock runs on, same version)
// that answers GET /trigger-sources with a fixed array of 20 seeded trigger sources, serialised
// per request with Fastify's default JSON serialiser. No logging, no validation, no auth, no store.
//
//   node bench/baseline.mjs <items.json> <port> [host]
//
// <items.json> holds the array to return; bench/run.mjs writes there the mock's own answer to the
// list scenario, so both servers send the same bytes.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [file, port, host = '127.0.0.1'] = process.argv.slice(2);
if (!file || !port) {
  console.error('usage: node bench/baseline.mjs <items.json> <port> [host]');
  process.exit(2);
}
const items = JSON.parse(readFileSync(file, 'utf8'));

const app = Fastify({ logger: false });
app.get('/trigger-sources', async () => items);
await app.listen({ port: Number(port), host });
console.log(`baseline listening on http://${host}:${port} (${items.length} items)`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
