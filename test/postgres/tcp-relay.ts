import net from 'node:net';

/**
 * A TCP relay in front of PostgreSQL that a test can cut (every connection reset, new ones
 * refused, as when the database host goes away) and restore on the same port, without stopping
 * the cluster the other test files share.
 */
export class TcpRelay {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Relays a --store URL through this relay. */
  static async inFrontOf(url: string): Promise<{ relay: TcpRelay; url: string }> {
    const parsed = new URL(url);
    const relay = new TcpRelay(parsed.hostname, Number(parsed.port || 5432));
    await relay.restore();
    parsed.host = `127.0.0.1:${relay.port}`;
    return { relay, url: parsed.href };
  }

  async restore(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.resetAndDestroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
