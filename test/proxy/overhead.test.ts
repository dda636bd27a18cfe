import autocannon, { type AutocannonResult } from 'autocannon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockServer, type RunningMockServer } from '../../src/start-mock-server.js';
import { startProxy, type TestProxy } from './proxy-helpers.js';

/**
 * The latency the proxy adds, against the local mock: one list request (20 trigger sources,
 * JSON, validated both ways) at a time, sequentially, then under load with autocannon
 * (10 connections). Bounded: 400 sequential requests and 3 s of load each way.
 */
let mock: RunningMockServer;
let proxy: TestProxy;
beforeAll(async () => {
  mock = await startMockServer({ records: 25 });
  proxy = await startProxy({ upstream: mock.url });
});
afterAll(async () => {
  await proxy.close();
  await mock.close();
});

const PATH = '/trigger-sources?limit=20';
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function sequential(base: string, count: number): Promise<number[]> {
  const headers = { 'x-project-key': mock.credentials.projectKey };
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${base}${PATH}`, { headers });
    await response.arrayBuffer();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

type LoadResult = AutocannonResult & { latency: { p50: number } };

function load(base: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${base}${PATH}`,
        connections: 10,
        duration: 3,
        requests: [{ method: 'GET', headers: { 'x-project-key': mock.credentials.projectKey } }],
      },
      (error, result) => (error ? reject(error) : resolve(result as LoadResult)),
    );
  });
}

it('adds little latency in front of the mock', async () => {
  await sequential(mock.url, 50);
  await sequential(proxy.url, 50);
  const direct = await sequential(mock.url, 400);
  const proxied = await sequential(proxy.url, 400);
  const directLoad = await load(mock.url);
  const proxiedLoad = await load(proxy.url);
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  console.log(
    [
      'proxy overhead (GET /trigger-sources?limit=20 against the local mock):',
      `  sequential p50: direct ${ms(percentile(direct, 50))}, through the proxy ${ms(percentile(proxied, 50))} ` +
        `(+${ms(percentile(proxied, 50) - percentile(direct, 50))})`,
      `  sequential p99: direct ${ms(percentile(direct, 99))}, through the proxy ${ms(percentile(proxied, 99))} ` +
        `(+${ms(percentile(proxied, 99) - percentile(direct, 99))})`,
      `  10 connections: direct p50 ${directLoad.latency.p50} ms / p99 ${directLoad.latency.p99} ms, ` +
        `${Math.round(directLoad.requests.average)} req/s; ` +
        `through the proxy p50 ${proxiedLoad.latency.p50} ms / p99 ${proxiedLoad.latency.p99} ms, ` +
        `${Math.round(proxiedLoad.requests.average)} req/s`,
    ].join('\n'),
  );
  expect(proxiedLoad.non2xx).toBe(0);
  expect(proxy.recorder.report().violating).toBe(0);
  // Generous bounds: CI machines are shared; the figures above are what docs/proxy.md quotes.
  expect(percentile(proxied, 50) - percentile(direct, 50)).toBeLessThan(15);
}, 60_000);
