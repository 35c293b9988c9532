import { createServer, type Server } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import { FaultInjector } from './faults.js';

export interface HealthSimulator {
  url: string;
  faults: FaultInjector;
  stop(): Promise<void>;
}

/** The smallest simulator: proves the fault framework end to end (GET /health). */
export async function startHealthSimulator(opts: { faults?: FaultInjector; port?: number } = {}): Promise<HealthSimulator> {
  const faults = opts.faults ?? new FaultInjector();
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (await faults.intercept(req, res)) return;
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/health') {
        await faults.send(req, res, 200, { 'content-type': 'application/json' }, JSON.stringify({ status: 'ok', time: new Date().toISOString() }));
        return;
      }
      await faults.discardBody(req);
      await faults.send(req, res, 404, { 'content-type': 'application/json' }, JSON.stringify({ error: 'not found' }));
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const port = await listenOnLoopback(server, opts.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    stop: () => closeServer(server),
  };
}

export function closeServer(server: { close(cb: () => void): unknown; closeAllConnections(): void }): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts a simulator's server on 127.0.0.1 (port 0: an ephemeral one) and returns its port. */
export async function listenOnLoopback(server: NetServer, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
