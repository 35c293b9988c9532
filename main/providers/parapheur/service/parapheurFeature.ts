import fs from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { GuichetError, genericErrorKey, isGuichetError } from '../../../../shared/ipc/errors.js';
import type { IpcRouter } from '../../../core/ipc/router.js';
import { createDocumentLedger } from './documentLedger.js';
import { createParapheurConnection } from './parapheurConnection.js';
import { createCircuitBook } from './circuitBook.js';
import { createDepositOutbox } from './depositOutbox.js';
import { createDocumentTracker, type DocumentTracker } from './documentTracker.js';
import { createOutputsCollector } from './outputsCollector.js';
import { createUserDirectory } from './userDirectory.js';
import type { ParapheurServiceDeps } from './deps.js';
import { unreferencedBlobs } from '../../../core/blobs/blobReferences.js';
import { safeLocalFileName } from '../../../core/files/localFileName.js';
import { invalidCaCode, readCaBundle } from '../../../core/http/caBundle.js';
import { meansUnreachable } from '../../../core/http/networkErrors.js';
import { bySchema, storedListOf } from './storedList.js';
import { PARAPHEUR_SANDBOX_SIREN, depositedAnnexSchema, depositMetadataEntrySchema, otpSignerSchema, type DepositedAnnex, type DocumentDetail, type DocumentOutput } from '../../../../shared/domain/parapheur.js';
import type { ResponseOf } from '../../../../shared/ipc/contract.js';

const maxCertificateBytes = 1024 * 1024;

/** The PKCS#12 decoder (node-forge) loads when a certificate is looked at, not with the application. */
const certificateTools = () => import('../../../core/http/certificate.js');

/** The web console link of a document (MAARCH; inferred still valid). */
function webUrlOf(baseUrl: string, documentId: string | null, simulated: boolean): string | null {
  if (!documentId || simulated) return null;
  const host = new URL(baseUrl).host;
  return `https://${host}/parapheur/showDoc.action?documentid=${documentId}`;
}

/**
 * The `annexes` column (JSON `[{ name, originalName, size, sha256 }]`): the annexes packed into
 * `<main>.zip` (predefined circuit) or sent as `annexes` parts (on demand).
 */
export function annexesOf(json: string | null, onInvalid?: (error: string) => void): DepositedAnnex[] {
  return storedListOf(
    json,
    (entry) => {
      const parsed = depositedAnnexSchema.safeParse(entry);
      if (!parsed.success) return null;
      // The clerk's own name (accents and all) when recorded; the provider-safe name inside the ZIP otherwise.
      const original = (entry as { originalName?: unknown }).originalName;
      const name = typeof original === 'string' && original.trim() !== '' ? original : parsed.data.name;
      return { name, size: parsed.data.size, sha256: parsed.data.sha256 };
    },
    onInvalid,
  );
}

/**
 * Everything a clerk does with FAST Parapheur, wired onto the IPC router. Built from core services
 * only, so that Electron and the web host run the same feature.
 */
export function createParapheurFeature(deps: ParapheurServiceDeps, router: IpcRouter) {
  const now = deps.clocks.now;
  const connection = createParapheurConnection(deps);
  const lateAfterMs = (environment: string) => deps.clocks.of(environment).realMs(deps.settings.get().providers.parapheur.lateAfterDays * 86_400_000);
  // The ledger words rows with what only the tracker knows (a wrong address): it is built first.
  let tracker: DocumentTracker | null = null;
  const ledger = createDocumentLedger(deps.db, { lateAfterMs, now, trackingIssueOf: (row) => tracker?.trackingIssueOf(row) ?? null });
  const circuits = createCircuitBook(deps.db, now);
  const outbox = createDepositOutbox(deps, ledger, connection, circuits);
  tracker = createDocumentTracker(deps, ledger, connection);
  const collector = createOutputsCollector(deps, deps.db);
  const users = createUserDirectory();

  async function scope() {
    const s = await connection.session();
    return { environment: s.environment, siren: s.siren };
  }

  /**
   * Whose circuits, documents and collected files the lists show: the environment and SIREN in the
   * settings now, read without a connection, so that a switch from Sandbox to a FAST not yet
   * configured lists nothing of the demonstration rather than everything. Same rule as the session:
   * Sandbox is the simulator's tenant.
   */
  function listScope() {
    const s = deps.settings.get().providers.parapheur;
    return { environment: s.environment, siren: s.environment === 'sandbox' ? PARAPHEUR_SANDBOX_SIREN : (s.siren ?? '') };
  }

  // Signed file first, then the routing sheet, the acknowledgement, the rest; by name within a role.
  const outputsOf = deps.db.prepare<[number], { name: string; role: DocumentOutput['role']; blob_sha256: string; size: number }>(`
    SELECT name, role, blob_sha256, size FROM parapheur_document_outputs WHERE local_id = ?
    ORDER BY CASE role WHEN 'signed' THEN 0 WHEN 'fdc' THEN 1 WHEN 'acquit' THEN 2 ELSE 3 END, name`);

  async function detail(localId: number): Promise<DocumentDetail> {
    const row = ledger.get(localId);
    if (!row) throw new GuichetError('NOT_FOUND', { key: 'parapheur:hostErrors.documentNotFound' });
    const session = await connection.session().catch(() => null);
    const unreadable = (column: string) => (error: string) => deps.logger.warn(`parapheur ${column} column unreadable`, { localId, error });
    return {
      row: ledger.toDocumentRow(row),
      history: row.history_json ? JSON.parse(row.history_json) : [],
      recipients: row.recipients,
      webUrl: session ? webUrlOf(session.baseUrl, row.document_id, session.simulated) : null,
      annexes: annexesOf(row.annexes, unreadable('annexes')),
      outputs: outputsOf.all(localId).map((o) => ({ name: o.name, role: o.role, sha256: o.blob_sha256, size: o.size })),
      metadata: storedListOf(row.metadata_json, bySchema(depositMetadataEntrySchema), unreadable('metadata')),
      otpSigners: storedListOf(row.otp_signers, bySchema(otpSignerSchema), unreadable('OTP signers')),
      followupsPending: row.followups_pending === 1,
    };
  }

  async function certificateStatus(): Promise<ResponseOf<'parapheur.certificate.status'>> {
    const endpoint = await deps.endpointOf('parapheur');
    const sandbox = endpoint.simulated;
    const cert = await deps.vault.get(sandbox ? 'parapheur.sandboxCertificate' : 'parapheur.certificate').catch(() => null);
    const password = await deps.vault.get(sandbox ? 'parapheur.sandboxCertificatePassword' : 'parapheur.certificatePassword').catch(() => null);
    if (!cert) return { configured: sandbox, subject: null, email: null, issuer: null, notAfter: null, sandbox };
    const { describeCertificate } = await certificateTools();
    try {
      const d = describeCertificate(Buffer.from(cert, 'base64'), password ?? '');
      return { configured: true, subject: d.subject, email: d.email, issuer: d.issuer, notAfter: d.notAfter, sandbox };
    } catch {
      return { configured: true, subject: null, email: null, issuer: null, notAfter: null, sandbox };
    }
  }

  router.register('parapheur.certificate.status', certificateStatus);
  router.register('parapheur.certificate.import', async ({ fileId, password }) => {
    const file = deps.droppedFiles.get(fileId);
    let pfx: Buffer;
    try {
      if (file.size === 0 || file.size > maxCertificateBytes) {
        throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.notPkcs12' });
      }
      pfx = await fs.readFile(file.path);
    } finally {
      // The certificate lives in the vault only, never as a plain file left in staging, whether the
      // import succeeds or not (the window stages the file again for each attempt).
      await deps.droppedFiles.forget(fileId);
    }
    const { createHttpsAgent, describeCertificate } = await certificateTools();
    // Same checks as a real connection (password, key, expiry): a wrong password is reported now.
    createHttpsAgent({ pfx, passphrase: password, keepAlive: false }).destroy();
    const description = describeCertificate(pfx, password);
    await deps.vault.set('parapheur.certificate', pfx.toString('base64'));
    await deps.vault.set('parapheur.certificatePassword', password);
    connection.invalidate();
    deps.journal.append({
      actor: 'agent',
      action: 'parapheur.certificate.import',
      provider: 'parapheur',
      summary: { key: 'parapheur:activity.summaries.certificateImported', params: { subject: description.subject, notAfter: description.notAfter } },
    });
    return certificateStatus();
  });

  async function serverAuthorityStatus(): Promise<ResponseOf<'parapheur.serverAuthority.status'>> {
    const sandbox = (await deps.endpointOf('parapheur')).simulated;
    const pem = deps.settings.get().providers.parapheur.caBundle ?? (await deps.vault.get('parapheur.caBundle').catch(() => null));
    if (!pem) return { configured: false, sandbox, authorities: [] };
    try {
      return { configured: true, sandbox, authorities: readCaBundle(pem).authorities };
    } catch {
      // Shown as configured without details: the connection test explains what is wrong with it.
      return { configured: true, sandbox, authorities: [] };
    }
  }

  router.register('parapheur.serverAuthority.status', serverAuthorityStatus);
  router.register('parapheur.serverAuthority.import', async ({ fileId }) => {
    const file = deps.droppedFiles.get(fileId);
    if (file.size === 0 || file.size > maxCertificateBytes) {
      throw new GuichetError(invalidCaCode, { key: 'parapheur:hostErrors.notCaFile' });
    }
    const { pem, authorities } = readCaBundle(await fs.readFile(file.path));
    deps.settings.update({ providers: { parapheur: { caBundle: pem } } });
    await deps.droppedFiles.forget(fileId);
    deps.journal.append({
      actor: 'agent',
      action: 'parapheur.serverAuthority.import',
      provider: 'parapheur',
      summary: { key: 'parapheur:activity.summaries.serverAuthorityImported', params: { subjects: authorities.map((a) => a.subject).join(' ; ') } },
    });
    return serverAuthorityStatus();
  });
  router.register('parapheur.serverAuthority.clear', async () => {
    deps.settings.update({ providers: { parapheur: { caBundle: null } } });
    await deps.vault.delete('parapheur.caBundle');
    deps.journal.append({ actor: 'agent', action: 'parapheur.serverAuthority.clear', provider: 'parapheur', summary: { key: 'parapheur:activity.summaries.serverAuthorityCleared' } });
    return serverAuthorityStatus();
  });

  router.register('parapheur.circuits.list', () => circuits.list(listScope()));
  router.register('parapheur.circuits.refresh', async () => {
    const session = await connection.session();
    try {
      const list = await circuits.refresh(session);
      recordContact(session, null);
      return list;
    } catch (error) {
      recordContact(session, isGuichetError(error) ? error.code : null);
      throw error;
    }
  });
  router.register('parapheur.circuits.save', async (c) => circuits.save(await scope(), c));
  router.register('parapheur.circuits.remove', async ({ id }) => {
    circuits.remove(await scope(), id);
    return { ok: true as const };
  });

  router.register('parapheur.deposit.check', ({ target, label, fileIds, annexFileIds }) => outbox.check(target, label, fileIds, annexFileIds));
  router.register('parapheur.deposit.submit', async ({ archiveCaseId, ...request }) => {
    // Started from a case folder: checked before anything is filed, then the new rows are named to the
    // Archive the way this module's journal names them, so their signed files and sheets join the case.
    if (archiveCaseId !== undefined) deps.archive.requireCase(archiveCaseId);
    const result = await outbox.submit(request);
    if (archiveCaseId !== undefined && result.accepted.length > 0) {
      deps.archive.fileIntoCase(archiveCaseId, result.accepted.map((row) => ({ objectType: 'document', objectId: String(row.localId) })));
    }
    return result;
  });
  router.register('parapheur.deposit.cancel', (selector) => ({ cancelled: outbox.cancel(selector) }));

  router.register('parapheur.documents.list', (q) => ledger.list(q, listScope()));
  // A poll that could not reach FAST leaves `trackingImpossible` on its row (documentTracker.ts): the
  // newest poll tells whether FAST answered last time; the newest poll without it, when it last did.
  const syncStatusOf = deps.db.prepare<{ environment: string; siren: string }, { lastPolledAt: string | null; lastSyncedAt: string | null; waiting: number; unreachable: number | null }>(`
    SELECT max(last_polled_at) AS lastPolledAt,
           max(CASE WHEN last_error IS NULL OR last_error NOT LIKE '%parapheur:notes.trackingImpossible%' THEN last_polled_at END) AS lastSyncedAt,
           count(CASE WHEN outbox_state IN ('queued', 'uploading', 'unknown', 'waiting_network') THEN 1 END) AS waiting,
           (SELECT coalesce(l.last_error LIKE '%parapheur:notes.trackingImpossible%', 0) FROM parapheur_documents l
             WHERE l.environment = @environment AND l.siren = @siren AND l.last_polled_at IS NOT NULL ORDER BY l.last_polled_at DESC LIMIT 1) AS unreachable
      FROM parapheur_documents WHERE environment = @environment AND siren = @siren`);
  // A circuit refresh or a connection test reaches FAST too, with no document in its circuit: the
  // newest of these (kept in memory, on the environment's clock like the polls) counts as well, so
  // the section says « injoignable » whatever call found FAST out of reach.
  const contacts = new Map<string, { at: string; unreachable: boolean }>();
  const scopeKey = (scope: { environment: string; siren: string }) => `${scope.environment}:${scope.siren}`;
  function syncStatus(): ResponseOf<'parapheur.documents.syncStatus'> {
    const scope = listScope();
    const r = syncStatusOf.get(scope);
    const lastPolledAt = r?.lastPolledAt ?? null;
    const contact = contacts.get(scopeKey(scope));
    const unreachable = contact && (lastPolledAt === null || contact.at >= lastPolledAt) ? contact.unreachable : r?.unreachable === 1;
    return { lastPolledAt, lastSyncedAt: r?.lastSyncedAt ?? null, waiting: r?.waiting ?? 0, unreachable };
  }
  /** A call that reached FAST (no code, or FAST's own refusal) or did not (a network failure's code). */
  function recordContact(session: { environment: string; siren: string; clock: { now(): Date } }, failureCode: string | null) {
    contacts.set(scopeKey(session), { at: session.clock.now().toISOString(), unreachable: meansUnreachable(failureCode) });
    deps.bus.emit('parapheur.sync.changed', syncStatus());
  }
  router.register('parapheur.documents.syncStatus', () => syncStatus());
  router.register('parapheur.documents.get', ({ localId }) => detail(localId));
  router.register('parapheur.documents.refresh', async ({ localId }) => {
    await tracker.refreshNow(localId);
    return detail(localId);
  });
  router.register('parapheur.documents.confirmId', ({ localId, documentId }) => outbox.confirmDocumentId(localId, documentId));
  router.register('parapheur.documents.delete', async ({ localId }) => {
    const row = ledger.get(localId);
    if (!row) throw new GuichetError('NOT_FOUND', { key: 'parapheur:hostErrors.documentNotFound' });
    if (row.outbox_state !== 'filed' || !row.document_id) {
      throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.deleteNotFiled' });
    }
    if (row.deletable !== 1) {
      throw new GuichetError('NOT_DELETABLE', { key: 'parapheur:hostErrors.notDeletable', params: { state: row.current_step_label ?? row.phase } });
    }
    const session = await connection.session();
    if (row.phase === 'refuse' || row.phase === 'visa_desapprouve') await tracker.keepRoutingSheet(session, row);
    await session.client.deleteDocument(row.document_id);
    const updated = ledger.update(localId, { phase: 'supprime', next_poll_at: null, deletable: 0, finished_at: now().toISOString() });
    deps.journal.append({
      actor: 'agent',
      action: 'parapheur.document.delete',
      provider: 'parapheur',
      objectType: 'document',
      objectId: row.document_id,
      summary: { key: 'parapheur:activity.summaries.deleted', params: { name: row.original_name } },
    });
    const out = ledger.toDocumentRow(updated);
    deps.bus.emit('parapheur.document.changed', out);
    return out;
  });
  /** The stored file a clerk exports, and the name it gets on their disk. */
  function exportable(localId: number, which: 'signed' | 'fdc' | 'original', fileName?: string) {
    const row = ledger.get(localId);
    if (!row) throw new GuichetError('NOT_FOUND', { key: 'parapheur:hostErrors.documentNotFound' });
    const sha = which === 'signed' ? row.signed_blob : which === 'fdc' ? row.fdc_blob : row.blob_sha256;
    if (!sha) throw new GuichetError('NOT_FOUND', { key: 'parapheur:hostErrors.fileNotYetAvailable' });
    const base = row.original_name.replace(/\.[^.]+$/, '');
    // A deposit with annexes into a predefined circuit was sent as one ZIP: its « original » is that
    // ZIP (`arrete.pdf.zip`, as FAST names it). On demand, the annexes left as parts of their own: the
    // original is the file itself. The page words the names in the clerk's language; these are the
    // fallbacks, in no language of ours.
    const original = row.annexes && !row.on_demand ? `${row.original_name}.zip` : row.original_name;
    const extension = which === 'original' ? (original.match(/\.[^.]{1,8}$/)?.[0] ?? '') : '.pdf';
    const fallback = which === 'signed' ? `${base}_signed.pdf` : which === 'fdc' ? `${base}_fdc.pdf` : original;
    // A name given by the page keeps the stored file's extension.
    const given = fileName && extension && !fileName.toLowerCase().endsWith(extension.toLowerCase()) ? `${fileName}${extension}` : fileName;
    return { sha, name: safeLocalFileName(given ?? fallback) };
  }

  router.register('parapheur.documents.saveAs', async ({ localId, which, fileName }) => {
    const { sha, name } = exportable(localId, which, fileName);
    if (!deps.saveDialog) throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.useDownloadLink' });
    const target = await deps.saveDialog(name);
    if (!target) return { saved: false, path: null };
    await pipeline(deps.blobs.openRead(sha), createWriteStream(target));
    return { saved: true, path: target };
  });
  router.register('parapheur.documents.dragOut', async ({ localId, which, fileName }) => {
    const { sha, name } = exportable(localId, which, fileName);
    if (!deps.dragOut) throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.dragDownloadLink' });
    await deps.dragOut(sha, name);
    return { started: true };
  });

  router.register('parapheur.collect.remaining', async () => {
    const lists = await collector.remaining(await connection.session());
    return { ack: lists.ack.length, 'pes-retour': lists['pes-retour'].length, chorus: lists.chorus.length };
  });
  router.register('parapheur.collect.run', async () => collector.run(await connection.session()));
  router.register('parapheur.sandbox.clear', async () => {
    const sandbox = { environment: 'sandbox' };
    const blobsOfRows = deps.db.prepare<typeof sandbox, { sha: string | null }>(`
      SELECT blob_sha256 AS sha FROM parapheur_documents WHERE environment = @environment
      UNION SELECT signed_blob FROM parapheur_documents WHERE environment = @environment
      UNION SELECT fdc_blob FROM parapheur_documents WHERE environment = @environment
      UNION SELECT o.blob_sha256 FROM parapheur_document_outputs o JOIN parapheur_documents d ON d.local_id = o.local_id WHERE d.environment = @environment
      UNION SELECT blob_sha256 FROM parapheur_collected WHERE environment = @environment`);
    // A deposit still on its way would be sent into a simulator that no longer knows it: refused.
    const sending = deps.db
      .prepare<typeof sandbox, { n: number }>(`SELECT count(*) AS n FROM parapheur_documents WHERE environment = @environment AND outbox_state IN ('queued', 'uploading', 'unknown', 'waiting_network')`)
      .get(sandbox)!.n;
    if (sending > 0) throw new GuichetError('INVALID_INPUT', { key: 'parapheur:hostErrors.sandboxSending' });
    const counts = deps.db.transaction(() => {
      const candidates = blobsOfRows.all(sandbox).flatMap((r) => (r.sha ? [r.sha] : []));
      // Outputs go with their document (ON DELETE CASCADE).
      const documents = deps.db.prepare('DELETE FROM parapheur_documents WHERE environment = @environment').run(sandbox).changes;
      const circuitsGone = deps.db.prepare('DELETE FROM parapheur_circuits WHERE environment = @environment').run(sandbox).changes;
      const collected = deps.db.prepare('DELETE FROM parapheur_collected WHERE environment = @environment').run(sandbox).changes;
      return { documents, circuits: circuitsGone, collected, orphans: unreferencedBlobs(deps.db, candidates) };
    })();
    let files = 0;
    for (const sha of counts.orphans) if (await deps.blobs.delete(sha).catch(() => false)) files++;
    // The demonstration files left the ledger: the Archive forgets them too.
    deps.archive.changed();
    deps.journal.append({
      actor: 'agent',
      action: 'parapheur.sandbox.clear',
      provider: 'parapheur',
      summary: { key: 'parapheur:activity.summaries.sandboxCleared', params: { documents: counts.documents, circuits: counts.circuits, collected: counts.collected } },
    });
    return { circuits: counts.circuits, documents: counts.documents, collected: counts.collected, files };
  });
  router.register('parapheur.collect.list', () => collector.list(listScope()));

  router.register('parapheur.users.export', async () => users.export(await connection.session()));
  router.register('parapheur.users.syncPreview', async ({ users: wanted }) => users.preview(await connection.session(), wanted));
  router.register('parapheur.users.syncApply', async ({ users: wanted, confirmDeletions }) => {
    const result = await users.apply(await connection.session(), wanted, confirmDeletions);
    deps.journal.append({
      actor: 'agent',
      action: 'parapheur.users.sync',
      provider: 'parapheur',
      summary: {
        key: 'parapheur:activity.summaries.usersSynced',
        params: { created: result.diff.created.length, updated: result.diff.updated.length, deleted: result.diff.deleted.length },
      },
    });
    return { applied: result.applied, failures: result.failures };
  });

  async function testConnection(): Promise<ResponseOf<'providers.testConnection'>> {
    try {
      const session = await connection.session();
      const result = await session.client.testConnection();
      recordContact(session, result.ok ? null : (result.code ?? null));
      return result;
    } catch (error) {
      return isGuichetError(error) ? { ok: false, code: error.code, ...error.text } : { ok: false, code: 'INTERNAL', key: genericErrorKey };
    }
  }

  return {
    connection,
    ledger,
    circuits,
    outbox,
    tracker,
    collector,
    testConnection,
    /** Starts the outbox and the tracker (the first circuit listing is asked for by the page that shows it). */
    start() {
      outbox.start();
      tracker.start();
    },
    async stop() {
      await tracker.stop();
      await outbox.stop();
    },
  };
}
export type ParapheurFeature = ReturnType<typeof createParapheurFeature>;
