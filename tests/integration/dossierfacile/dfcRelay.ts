import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the organisation's relay (docs/providers/dossierfacile.md#relay): the public HTTPS
 * service DossierFacile posts its webhooks to, since Guichet cannot be called from the internet. It
 * keeps every webhook as it came (body and `x-api-key`, checked by Guichet, not here) and hands them
 * out on `GET dossierfacile/webhooks?after=<seq>` to a caller with the organisation's pull key.
 * Test support: the organisation writes its own.
 */
export interface DfcRelay {
  url: string;
  /** Where DossierFacile is told to post. */
  webhookUrl: string;
  received(): readonly { seq: number; apiKey: string | null; body: string }[];
  /** The key a pull must carry (null: any caller). */
  pullKey: string | null;
  stop(): Promise<void>;
}

export async function startDfcRelay(): Promise<DfcRelay> {
  const inbox: { seq: number; apiKey: string | null; body: string }[] = [];
  const relay = { pullKey: null as string | null };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://relay');
      const apiKey = typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : null;
      if (req.method === 'POST' && url.pathname === '/dossierfacile/webhook') {
        inbox.push({ seq: inbox.length + 1, apiKey, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'GET' && url.pathname === '/dossierfacile/webhooks') {
        if (relay.pullKey !== null && apiKey !== relay.pullKey) {
          res.writeHead(401).end();
          return;
        }
        const after = Number(url.searchParams.get('after') ?? '0');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: inbox.filter((i) => i.seq > after) }));
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  return Object.assign(relay, {
    url,
    webhookUrl: `${url}dossierfacile/webhook`,
    received: () => inbox,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
