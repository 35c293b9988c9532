import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startTestGuichet, tempDir, type TestGuichetOptions } from '../parapheur/guichetHarness.js';
import { launchChromium } from '../../e2e/webHostHarness.js';
import type { Guichet } from '../../../main/composition.js';
import type { SettingsPatch } from '../../../shared/domain/settings.js';
import { startDfcRelay, type DfcRelay } from './dfcRelay.js';
import { call } from '../parapheur/guichetHarness.js';
import { connectAtCounter } from './counterTenant.js';

/**
 * The lifecycle every DossierFacile module test shares: one Chromium per file (the tenant at the
 * counter), a sandboxed Guichet on DossierFacile's simulator per test, and the organisation's relay
 * when a test asks for one, all stopped after each test.
 */
export function dossierFacileGuichetBed(prefix: string) {
  let browser: Browser | undefined;
  let guichet: Guichet | null = null;
  let relay: DfcRelay | null = null;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await guichet?.stop();
    await relay?.stop();
    guichet = null;
    relay = null;
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('Chromium is launched in beforeAll');
      return browser;
    },
    /** Guichet on the DossierFacile sandbox (time scale 60 unless told: the realm's 5-minute token lasts 5 real seconds). */
    async start(opts: Omit<TestGuichetOptions, 'preseed'> & { dossierfacile?: NonNullable<NonNullable<SettingsPatch['providers']>['dossierfacile']> } = {}): Promise<Guichet> {
      const { dossierfacile, ...rest } = opts;
      guichet = await startTestGuichet(tempDir(prefix), {
        timeScale: 60,
        ...rest,
        preseed: { providers: { dossierfacile: { environment: 'sandbox', ...dossierfacile } } },
      });
      return guichet;
    },
    /** The organisation's relay, stopped with the test. */
    async relay(): Promise<DfcRelay> {
      relay = await startDfcRelay();
      return relay;
    },
    /**
     * Guichet pulling the organisation's relay, a tenant connected at the counter, then DossierFacile
     * told to post its webhooks to the relay with a new key (which the relay also asks of a pull).
     */
    async startRelayed(email: string) {
      const r = await this.relay();
      const g = await this.start({ dossierfacile: { webhookRelayUrl: r.url } });
      const { last } = await connectAtCounter(this.browser, g, email);
      const sim = await g.sandbox!.ensure('dossierfacile');
      await call(g, 'dossierfacile.partnerSettings.update', { callbackUrl: r.webhookUrl, callbackApiKey: 'generate' });
      const key = (await g.vault.get('dossierfacile.callbackApiKey'))!;
      r.pullKey = key;
      return { guichet: g, relay: r, sim, key, localId: last.tenant!.localId };
    },
  };
}
