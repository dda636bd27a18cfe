import type { FastifyInstance } from 'fastify';

/**
 * Listens, or exits 2 with a sentence saying why not, and returns the server's URL. Fastify's own
 * "Server listening at" log line is held back: the command's banner, which follows, says it in
 * words and must be the first thing a user reads.
 */
export async function listenOrExit(app: FastifyInstance, host: string, port: number): Promise<string> {
  const level = app.log.level;
  app.log.level = 'warn';
  try {
    await app.listen({ port, host });
  } catch (error) {
    console.error(`pers-mock: cannot listen on ${host}:${port}: ${(error as Error).message}`);
    process.exit(2);
  } finally {
    app.log.level = level;
  }
  const address = app.server.address();
  return urlOf(host, typeof address === 'object' && address ? address.port : port);
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
