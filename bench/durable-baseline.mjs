#!/usr/bin/env node
// The reference for the write scenarios (`floor` in the report): bare Fastify, the framework
// pers-mock runs on, answering POST /trigger-sources with 201 and the record once the record is
// on disk, the way the mock's store does it: one JSON line appended to a journal opened with
// O_DSYNC, the writes that arrive together sharing one flush (which waits while more arrive).
// No logging, validation, auth, indexes or snapshot. It shows what durable writes cost on this
// machine before any mock work.
//
//   node bench/durable-baseline.mjs <journal file> <port> [host]
//
// GET /trigger-sources answers [] so that the benchmark can see it is up.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import Fastify from 'fastify';

const [file, port, host = '127.0.0.1'] = process.argv.slice(2);
if (!file || !port) {
  console.error('usage: node bench/durable-baseline.mjs <journal file> <port> [host]');
  process.exit(2);
}
const journal = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC);

let queue = [];
let flushScheduled = false;
let flushing = Promise.resolve();
function flush() {
  const batch = queue;
  queue = [];
  if (batch.length === 0) return undefined;
  return journal.write(batch.map((entry) => entry.line).join('')).then(
    () => batch.forEach((entry) => entry.done()),
    (error) => batch.forEach((entry) => entry.failed(error)),
  );
}
/** As src/store/journaled-file.ts: the flush waits while changes keep arriving, at most 4 turns. */
function scheduleFlush() {
  flushScheduled = true;
  let turns = 0;
  let queued = 0;
  const flushOnceQuiet = () => {
    if (queue.length > queued && turns < 4) {
      queued = queue.length;
      turns++;
      setImmediate(flushOnceQuiet);
      return;
    }
    flushScheduled = false;
    flushing = flushing.then(flush);
  };
  setImmediate(flushOnceQuiet);
}

function append(record) {
  return new Promise((done, failed) => {
    queue.push({ line: `${JSON.stringify(record)}\n`, done, failed });
    if (!flushScheduled) scheduleFlush();
  });
}

const app = Fastify({ logger: false });
app.get('/trigger-sources', async () => []);
app.post('/trigger-sources', async (request, reply) => {
  const now = new Date().toISOString();
  const record = { ...request.body, id: randomUUID(), createdAt: now, updatedAt: now };
  await append(record);
  return reply.code(201).send(record);
});
await app.listen({ port: Number(port), host });
console.log(`durable baseline listening on http://${host}:${port}, journal ${file}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    app
      .close()
      .then(() => journal.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
