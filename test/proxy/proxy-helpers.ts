import type { FastifyInstance } from 'fastify';
import { DEFAULT_SPEC } from '../../src/mock-server.js';
import { buildProxyServer, type ProxyOptions } from '../../src/proxy/build-proxy-server.js';
import { ViolationRecorder } from '../../src/proxy/violation-recorder.js';
import { loadSpec } from '../../src/engine/load-spec.js';

export interface TestProxy {
  url: string;
  app: FastifyInstance;
  recorder: ViolationRecorder;
  close(): Promise<void>;
}

/** A quiet proxy on a free port in front of `upstream`, checking against openapi.yaml unless told otherwise. */
export async function startProxy(
  options: Omit<ProxyOptions, 'upstream'> & { upstream: string; spec?: string },
): Promise<TestProxy> {
  const { spec = DEFAULT_SPEC, ...rest } = options;
  const recorder = new ViolationRecorder(options.upstream);
  const app = await buildProxyServer({
    spec: await loadSpec(spec),
    recorder,
    options: { logLevel: 'silent', ...rest },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, app, recorder, close: () => app.close() };
}

/** The count and entries of an `x-pers-mock-violations` header. */
export function parseViolations(header: string | null): {
  count: number;
  entries: Array<{ at?: string; message?: string; more?: number }>;
} {
  const [count, ...json] = String(header).split(' ');
  return { count: Number(count), entries: json.length > 0 ? JSON.parse(json.join(' ')) : [] };
}
