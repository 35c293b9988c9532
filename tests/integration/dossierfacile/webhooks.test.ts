import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDfcClient } from '../../../main/providers/dossierfacile/client.js';
import { dfcErrorCodes } from '../../../main/providers/dossierfacile/errors.js';
import { acceptWebhook, applicationWebhookSchema, webhookKeyMatches, type DfcWebhookPayload } from '../../../main/providers/dossierfacile/webhooks.js';
import { isGuichetError } from '../../../shared/ipc/errors.js';
import { startDossierFacileSimulator } from '../../../main/sandbox/dossierfacile/index.js';
import { connectSandboxTenant, sandboxRealm, dossierFacileTestBed } from './sandboxTenant.js';

const bed = dossierFacileTestBed();
let relay: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
  relay = undefined;
});

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** An organisation relay as Guichet expects one: checks the key, parses, answers 401 / 400 / 204. */
async function startRelay(expectedKey: string) {
  const accepted: DfcWebhookPayload[] = [];
  const refused: string[] = [];
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        accepted.push(acceptWebhook({ headers: req.headers, body: Buffer.concat(chunks) }, expectedKey));
        res.writeHead(204).end();
      } catch (e) {
        refused.push(isGuichetError(e) ? e.code : 'unexpected');
        res.writeHead(isGuichetError(e) && e.code === dfcErrorCodes.webhookKeyRefused ? 401 : 400).end();
      }
    });
  });
  await new Promise<void>((resolve) => relay!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/dossierfacile`, accepted, refused };
}

describe('DossierFacile webhooks', () => {
  it('takes what DossierFacile sends with the configured key, and refuses it once the key differs', async () => {
    bed.sim = await startDossierFacileSimulator();
    const client = createDfcClient({ apiBaseUrl: bed.sim.origin, realm: await sandboxRealm(bed.sim) });
    const r = await startRelay('clé-du-relais');
    await client.patchSettings({ callbackUrl: r.url, callbackApiKey: 'clé-du-relais' });

    const { set } = await connectSandboxTenant(bed.browser, bed.sim, 'marie.dupont@example.org');
    await client.getProfile(set.accessToken);
    await bed.sim.control.revoke(413);
    await bed.sim.control.webhooksSettled();
    expect(r.accepted.map((p) => [p.partnerCallBackType, p.onTenantId])).toEqual([
      ['VERIFIED_ACCOUNT', 413],
      ['ACCESS_REVOKED', 413],
    ]);
    const verified = applicationWebhookSchema.parse(r.accepted[0]);
    expect(verified.tenants[0]?.documents.map((d) => d.documentCategory)).toEqual(['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX']);
    expect(bed.sim.control.webhooks().map((w) => w.status)).toEqual([204, 204]);

    await client.patchSettings({ callbackApiKey: 'ancienne-clé' });
    const { set: samir } = await connectSandboxTenant(bed.browser, bed.sim, 'samir.benali@example.org');
    await client.getProfile(samir.accessToken);
    await bed.sim.control.webhooksSettled();
    expect(r.refused).toEqual([dfcErrorCodes.webhookKeyRefused]);
    expect(r.accepted).toHaveLength(2);
  });

  it('parses the published payloads, accepts event types it does not know, and refuses a missing key or a broken body', () => {
    const key = 's3cr3t-shared-key';
    const verified = acceptWebhook({ headers: { 'x-api-key': key }, body: fixture('webhook-verified-account.json') }, key);
    expect(verified).toMatchObject({ partnerCallBackType: 'VERIFIED_ACCOUNT', onTenantId: 413, status: 'VALIDATED' });
    expect(acceptWebhook({ headers: { 'x-api-key': key }, body: fixture('webhook-access-revoked.json') }, key)).toEqual({ partnerCallBackType: 'ACCESS_REVOKED', onTenantId: 413 });
    const future = { ...(JSON.parse(fixture('webhook-verified-account.json')) as object), partnerCallBackType: 'COMPLETED_ACCOUNT', newField: 1 };
    expect(acceptWebhook({ headers: { 'x-api-key': key }, body: JSON.stringify(future) }, key).partnerCallBackType).toBe('COMPLETED_ACCOUNT');

    const refusal = (headers: Record<string, string>, body: string, expected: string | null) => {
      try {
        acceptWebhook({ headers, body }, expected);
        return 'accepted';
      } catch (e) {
        return isGuichetError(e) ? e.code : 'unexpected';
      }
    };
    expect(refusal({}, fixture('webhook-access-revoked.json'), key)).toBe(dfcErrorCodes.webhookKeyRefused);
    expect(refusal({ 'x-api-key': `${key}x` }, fixture('webhook-access-revoked.json'), key)).toBe(dfcErrorCodes.webhookKeyRefused);
    // No key configured: nothing is taken, not even a request without a key.
    expect(refusal({}, fixture('webhook-access-revoked.json'), null)).toBe(dfcErrorCodes.webhookKeyRefused);
    expect(refusal({ 'x-api-key': key }, '{"partnerCallBackType":', key)).toBe(dfcErrorCodes.webhookMalformed);
    expect(refusal({ 'x-api-key': key }, '{"partnerCallBackType":"VERIFIED_ACCOUNT"}', key)).toBe(dfcErrorCodes.webhookMalformed);
    expect(webhookKeyMatches(['a', 'b'], 'a')).toBe(false);
  });
});
