import { clerkText } from '../../support/clerkText.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { startParapheurSimulator, type ParapheurSimulator } from '../../../main/sandbox/parapheur/index.js';
import { errorJson } from '../../../main/sandbox/parapheur/reply.js';
import type { DepositTarget, DocumentRow } from '../../../shared/domain/parapheur.js';
import { call, makePdf, stage, startTestGuichet, tempDir, waitFor } from './guichetHarness.js';

/**
 * The Parapheur feature against FAST reached as a custom address, as in production: the simulator
 * runs at time scale 1 and enforces the 30-minute rule (pollRule 'error'), and Guichet is configured
 * like a clerk does (Réglages: custom URL, SIREN, .p12, CA bundle). Time is a fake clock moved by the
 * test, on both sides at once: nothing waits for real minutes.
 */

const minute = 60_000;
const day = 24 * 60 * minute;
const predefined: DepositTarget = { kind: 'circuit', circuitId: 'courrier-visa-signature' };

let running: { guichet: Guichet; sim: ParapheurSimulator; dir: string }[] = [];

afterEach(async () => {
  for (const r of running) {
    await r.guichet.stop();
    await r.sim.stop();
    fs.rmSync(r.dir, { recursive: true, force: true });
  }
  running = [];
});

async function customApp(opts: { lateAfterDays?: number } = {}) {
  const dir = tempDir('guichet-custom-fast-');
  const sim = await startParapheurSimulator({ dataDir: path.join(dir, 'fast'), autoAdvance: false, pollRule: 'error', persist: false });
  let now = Date.now();
  const guichet = await startTestGuichet(path.join(dir, 'app'), { now: () => new Date(now) });
  running.push({ guichet, sim, dir });

  await call(guichet, 'settings.update', {
    providers: { parapheur: { environment: 'custom', customBaseUrl: sim.baseUrl, siren: sim.siren, lateAfterDays: opts.lateAfterDays ?? 5 } },
  });
  const p12 = path.join(dir, 'depot.p12');
  fs.writeFileSync(p12, sim.clientIdentity.p12);
  await call(guichet, 'parapheur.certificate.import', { fileId: await stage(guichet, p12), password: sim.clientIdentity.password });
  await call(guichet, 'secrets.set', { key: 'parapheur.caBundle', value: sim.caCertPem });

  const rowOf = async (localId: number): Promise<DocumentRow> => {
    const { items } = await call(guichet, 'parapheur.documents.list', { sort: 'recent', limit: 500, offset: 0 });
    return items.find((r) => r.localId === localId)!;
  };
  return {
    guichet,
    sim,
    rowOf,
    now: () => now,
    /** Moves both clocks to `at` (never back), then lets the tracker make one full pass. */
    async tickAt(at: number) {
      expect(at).toBeGreaterThanOrEqual(now);
      sim.control.advanceClock((at - now) / minute);
      now = at;
      await guichet.parapheur.tracker.tick();
    },
    async deposit(name: string, target: DepositTarget = predefined): Promise<DocumentRow> {
      const file = makePdf(path.join(dir, 'app'), name);
      const { accepted } = await call(guichet, 'parapheur.deposit.submit', { target, label: name, fileIds: [await stage(guichet, file)] });
      const localId = accepted[0]!.localId;
      return waitFor(`${name} filed`, async () => {
        const row = await rowOf(localId);
        return row.outboxState === 'filed' ? row : null;
      });
    },
  };
}

const at = (iso: string | null) => Date.parse(iso!);

describe('FAST Parapheur at a custom address (time scale 1, fake clock)', () => {
  it('first looks a minute after filing, then every 30 minutes, and flags « en retard » only after the configured days', async () => {
    const app = await customApp({ lateAfterDays: 2 });
    const notes: string[] = [];
    app.guichet.bus.on('notify', (n) => notes.push(clerkText(n.title)));
    const filed = await app.deposit('arrete.pdf');
    // Not 1 second (the sandbox's acceleration): a real minute.
    expect(at(filed.nextPollAt) - at(filed.filedAt)).toBe(minute);

    await app.tickAt(at(filed.nextPollAt));
    const first = await app.rowOf(filed.localId);
    expect(first.lastPolledAt).toBe(filed.nextPollAt);
    expect(first.phase).toBe('depose');
    const gap = at(first.nextPollAt) - at(first.lastPolledAt);
    expect(gap).toBeGreaterThanOrEqual(30 * minute);
    expect(gap).toBeLessThanOrEqual(33 * minute);

    // A day at the visa: waiting, not late (the sandbox's scale made it late after 48 minutes).
    await app.tickAt(app.now() + day);
    expect((await app.rowOf(filed.localId)).late).toBe(false);
    expect(notes).not.toContain('Document en retard');

    await app.tickAt(app.now() + day + 5 * minute);
    expect((await app.rowOf(filed.localId)).late).toBe(true);
    expect(notes).toContain('Document en retard');
    expect(app.sim.control.pollViolations()).toEqual([]);
  });

  it('never polls a document twice within 30 minutes over 100 scheduled polls, jitter included', async () => {
    const app = await customApp();
    const filed = await app.deposit('suivi.pdf');
    const polledAt: number[] = [];
    let row = filed;
    for (let i = 0; i < 100; i++) {
      const due = at(row.nextPollAt);
      // A second before it is due, the pass leaves it alone…
      await app.tickAt(due - 1000);
      expect((await app.rowOf(row.localId)).lastPolledAt).toBe(row.lastPolledAt);
      // …and polls it when it is.
      await app.tickAt(due);
      row = await app.rowOf(row.localId);
      expect(at(row.lastPolledAt)).toBe(due);
      polledAt.push(due);
    }
    const gaps = polledAt.slice(1).map((t, i) => t - polledAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30 * minute);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(33 * minute);
    // Jittered: documents filed together drift apart instead of being polled together forever.
    expect(new Set(gaps).size).toBeGreaterThan(50);
    // FAST's side agrees: not one history call came within 30 minutes of the previous one.
    expect(app.sim.control.pollViolations()).toEqual([]);
    expect(row.phase).toBe('depose');
  });

  it('a wrong base URL is a configuration error: no document is marked deleted, and tracking resumes once it is fixed', async () => {
    const app = await customApp();
    const filed = await app.deposit('adresse.pdf');
    await app.tickAt(at(filed.nextPollAt));
    const tracked = await app.rowOf(filed.localId);
    expect(tracked.phase).toBe('depose');

    // Same server, wrong path (a reverse-proxy prefix this server does not have): every call answers 404 « Not Found ».
    await call(app.guichet, 'settings.update', { providers: { parapheur: { customBaseUrl: app.sim.baseUrl.replace('/parapheur-ws/', '/ancien/parapheur-ws/') } } });
    await app.tickAt(app.now() + 10 * minute);
    // The clerk's « Actualiser » (how the document used to be lost): a coded configuration error.
    await expect(call(app.guichet, 'parapheur.documents.refresh', { localId: filed.localId })).rejects.toMatchObject({
      code: 'ADDRESS_NOT_FOUND',
      details: { host: new URL(app.sim.baseUrl).host },
    });
    // The schedule keeps running into the same wall: still nothing concluded about the document.
    await app.tickAt(at(tracked.nextPollAt) + minute);
    const waiting = await app.rowOf(filed.localId);
    expect(waiting.phase).toBe('depose');
    expect(waiting.nextPollAt).not.toBeNull();
    expect(waiting.trackingIssue).toEqual({ code: 'addressNotFound', host: new URL(app.sim.baseUrl).host });

    const changed = new Promise<DocumentRow>((resolve) => {
      app.guichet.bus.on('parapheur.document.changed', (row) => {
        if (row.localId === filed.localId && row.lastPolledAt !== waiting.lastPolledAt) resolve(row);
      });
    });
    await call(app.guichet, 'settings.update', { providers: { parapheur: { customBaseUrl: app.sim.baseUrl } } });
    app.sim.control.act(filed.documentId!, 'approve');
    await app.tickAt(app.now());
    const resumed = await changed;
    expect(resumed.phase).toBe('en_cours');
    expect(resumed.stepDone).toBe(1);
    expect(resumed.trackingIssue).toBeNull();
    expect(app.sim.control.pollViolations()).toEqual([]);
  });

  it('« Vérifier à nouveau » brings back a document marked deleted while FAST still has it', async () => {
    const app = await customApp();
    const filed = await app.deposit('retrouve.pdf');
    // One answer « Invalid docId » for a document FAST does have (a server mid-restart, a misrouted node).
    app.sim.faults.update({ forcedStatus: 400, forcedBody: errorJson({ developerMessage: 'Internal error: Invalid docId' }), onlyPaths: /\/history$/, times: 1 });
    await app.tickAt(at(filed.nextPollAt));
    const lost = await app.rowOf(filed.localId);
    expect(lost.phase).toBe('supprime');
    expect(lost.nextPollAt).toBeNull();

    await app.tickAt(app.now() + 30 * minute);
    const detail = await call(app.guichet, 'parapheur.documents.refresh', { localId: filed.localId });
    expect(detail.row.phase).toBe('depose');
    expect(detail.row.finishedAt).toBeNull();
    expect(at(detail.row.nextPollAt) - at(detail.row.lastPolledAt)).toBeGreaterThanOrEqual(30 * minute);
    const journal = await call(app.guichet, 'journal.list', { limit: 50 });
    expect(journal.map((e) => clerkText(e.summary))).toContain('« retrouve.pdf » retrouvé sur FAST : son suivi reprend');
    expect(app.sim.control.pollViolations()).toEqual([]);
  });

  it('after a visa, the document is with the next actor, not with the one who approved', async () => {
    const app = await customApp();
    const onDemand: DepositTarget = {
      kind: 'ondemand',
      circuit: {
        type: 'BUREAUTIQUE_PDF',
        steps: [
          { step: 'visa', members: ['alice.martin@mairie-exemple.fr'] },
          { step: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] },
        ],
      },
    };
    const named = await app.deposit('a-la-volee.pdf', onDemand);
    const plain = await app.deposit('courrier.pdf');
    await app.tickAt(Math.max(at(named.nextPollAt), at(plain.nextPollAt)));
    expect((await app.rowOf(named.localId)).holder).toBe('alice.martin@mairie-exemple.fr');

    app.sim.control.act(named.documentId!, 'approve');
    app.sim.control.act(plain.documentId!, 'approve');
    await app.tickAt(app.now() + 31 * minute);
    await app.tickAt(app.now() + 3 * minute);
    const next = await app.rowOf(named.localId);
    expect(next.stepDone).toBe(1);
    expect(next.holder).toBe('bruno.lefevre@mairie-exemple.fr');
    // A predefined circuit's history names who acted, not who is next: nobody is named rather than the DGS.
    const afterVisa = await app.rowOf(plain.localId);
    expect(afterVisa.currentStepLabel).toBe('Envoyé pour signature');
    expect(afterVisa.holder).toBeNull();
  });
});
