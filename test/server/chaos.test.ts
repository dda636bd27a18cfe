import { afterEach, describe, expect, it } from 'vitest';
import { startCli, type CliServer } from '../helpers/cli-process.js';
import { projectKey, startTestMock, type TestMock } from '../helpers/test-mock.js';

let mock: TestMock | undefined;
let cli: CliServer | undefined;
afterEach(async () => {
  await mock?.close();
  await cli?.stop();
  mock = cli = undefined;
});

const statuses = async (m: TestMock, count: number) => {
  const codes: number[] = [];
  for (let i = 0; i < count; i++) {
    codes.push(
      (await m.request({ method: 'GET', url: '/trigger-sources?limit=1', headers: projectKey(m.first) })).statusCode,
    );
  }
  return codes;
};

describe('server-wide chaos', () => {
  it('with error rate 1 answers every API request with a retryable 503, but not the admin endpoints or docs', async () => {
    mock = await startTestMock({ chaos: { errorRate: 1 } });
    const response = await mock.request({ method: 'GET', url: '/trigger-sources', headers: projectKey(mock.first) });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true, category: 'TECHNICAL' });
    for (const url of ['/__mock/health', '/__mock/credentials', '/__mock/chaos', '/openapi.json']) {
      expect((await mock.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });

  it('fails a fraction of requests in a sequence the chaos seed reproduces', async () => {
    mock = await startTestMock({ chaos: { errorRate: 0.5, seed: 42 } });
    const first = await statuses(mock, 40);
    await mock.close();
    mock = await startTestMock({ chaos: { errorRate: 0.5, seed: 42 } });
    expect(await statuses(mock, 40)).toEqual(first);
    const failures = first.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    expect(first.every((s) => s === 200 || s === 503)).toBe(true);
  });

  it('adds latency between min and max to every API response', async () => {
    mock = await startTestMock({ chaos: { latency: { min: 150, max: 200 } } });
    const started = Date.now();
    await statuses(mock, 3);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    const admin = Date.now();
    await mock.app.inject({ method: 'GET', url: '/__mock/health' });
    expect(Date.now() - admin).toBeLessThan(100);
  });

  it('is read and changed at run time through /__mock/chaos', async () => {
    mock = await startTestMock();
    expect((await mock.app.inject({ method: 'GET', url: '/__mock/chaos' })).json()).toEqual({
      latency: { min: 0, max: 0 },
      errorRate: 0,
      seed: null,
    });
    const updated = await mock.app.inject({ method: 'PUT', url: '/__mock/chaos', payload: { errorRate: 1 } });
    expect(updated.json()).toMatchObject({ errorRate: 1 });
    expect(await statuses(mock, 2)).toEqual([503, 503]);
    await mock.app.inject({ method: 'PUT', url: '/__mock/chaos', payload: { errorRate: 0 } });
    expect(await statuses(mock, 2)).toEqual([200, 200]);
  });

  it.each([
    [{ errorRate: 2 }, 'errorRate'],
    [{ latency: { min: 10 } }, 'latency'],
    [{ latency: { min: 500, max: 100 } }, 'latency'],
    [{ speed: 'slow' }, 'speed'],
    [{}, ''],
  ])('rejects PUT /__mock/chaos %j with a 400', async (payload, target) => {
    mock = await startTestMock();
    const response = await mock.app.inject({ method: 'PUT', url: '/__mock/chaos', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
    if (target) expect(JSON.stringify(response.json())).toContain(target);
  });

  it('takes --latency, --error-rate and --chaos-seed (and their environment variables) from the CLI', async () => {
    cli = await startCli(['--db', ':memory:', '--latency', '5-10', '--chaos-seed', '3'], {
      PERS_MOCK_ERROR_RATE: '0.25',
    });
    expect(cli.output()).toContain('chaos:       latency 5-10 ms, error rate 0.25');
    expect(await (await fetch(`${cli.url}/__mock/chaos`)).json()).toEqual({
      latency: { min: 5, max: 10 },
      errorRate: 0.25,
      seed: 3,
    });
  });
});
