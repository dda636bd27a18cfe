import { createServer, type Server } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { startProxy, type TestProxy } from './proxy-helpers.js';

let upstream: Server | undefined;
let proxy: TestProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise((resolve) => upstream?.close(resolve) ?? resolve(undefined));
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

it('streams a response it does not inspect: the client has the first bytes before the upstream has finished', async () => {
  let finish!: () => void;
  const released = new Promise<void>((resolve) => (finish = resolve));
  upstream = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream' });
    response.write('first chunk;');
    void released.then(() => response.end('second chunk'));
  });
  proxy = await startProxy({ upstream: await listen(upstream) });
  const response = await fetch(`${proxy.url}/downloads/report.bin`);
  const reader = response.body!.getReader();
  const first = await reader.read();
  expect(Buffer.from(first.value).toString()).toBe('first chunk;');
  finish();
  let rest = '';
  for (let next = await reader.read(); !next.done; next = await reader.read())
    rest += Buffer.from(next.value).toString();
  expect(rest).toBe('second chunk');
});

it('streams a request body it does not inspect, of any size, to the upstream', async () => {
  let received = 0;
  upstream = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (received += chunk.length));
    request.on('end', () => response.end(JSON.stringify({ received })));
  });
  proxy = await startProxy({ upstream: await listen(upstream) });
  const size = 5 * 1024 * 1024;
  const response = await fetch(`${proxy.url}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: Buffer.alloc(size, 7),
  });
  expect(await response.json()).toEqual({ received: size });
});
