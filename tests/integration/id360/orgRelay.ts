import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the organisation's relay (docs/providers/id360.md#relay): the public HTTPS service
 * that receives ID360's callbacks for Guichet, which cannot be called from the internet. It keeps each
 * callback whose `X-Relay-Key` matches and hands them out on `GET id360/callbacks?after=<seq>` to a
 * caller with the same key. Test support: the organisation writes its own.
 */
export interface OrgRelay {
  url: string;
  received(): readonly { seq: number; correlation: string; body: unknown }[];
  /** Answers refused for a wrong or missing key. */
  refused(): number;
  stop(): Promise<void>;
}

export async function startOrgRelay(key: string): Promise<OrgRelay> {
  const inbox: { seq: number; correlation: string; body: unknown }[] = [];
  let refused = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://relay');
      if (req.headers['x-relay-key'] !== key) {
        refused++;
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"bad key"}');
        return;
      }
      const callback = /^\/id360\/callback\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'POST' && callback) {
        inbox.push({ seq: inbox.length + 1, correlation: decodeURIComponent(callback[1]!), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'GET' && url.pathname === '/id360/callbacks') {
        const after = Number(url.searchParams.get('after') ?? '0');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: inbox.filter((i) => i.seq > after) }));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received: () => inbox,
    refused: () => refused,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
