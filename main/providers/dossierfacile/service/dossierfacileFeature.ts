import crypto from 'node:crypto';
import { GuichetError, genericErrorKey, isGuichetError, type HostText } from '../../../../shared/ipc/errors.js';
import type { DfcDocumentView, DfcTenantFile, DfcTenantRow } from '../../../../shared/domain/dossierfacile.js';
import type { ResponseOf } from '../../../../shared/ipc/contract.js';
import type { IpcRouter } from '../../../core/ipc/router.js';
import type { ProviderDeps } from '../../../core/modules/providerModule.js';
import { unreferencedBlobs } from '../../../core/blobs/blobReferences.js';
import { meansUnreachable } from '../../../core/http/networkErrors.js';
import { TenantSync, type TenantChange } from '../tenantSync.js';
import type { DfcConnectedTenant, DfcDocument } from '../schemas.js';
import { createDfcConnection, type DfcConnection } from './dfcConnection.js';
import { registerPartnerSettings } from './partnerSettings.js';
import { createWebhookRelay, relayPullEveryMs } from './webhookRelay.js';
import { dfcErrorCodes, hasDfcCode } from '../errors.js';
import { changeKinds } from '../tenantSync.js';
import {
  documentRows,
  documentsToFetch,
  dossierPdfPurged,
  filesWaiting,
  forgetPurgedCopies,
  forgetPurgedTenant,
  hasTenants,
  keptSummary,
  knownTenant,
  listTenants,
  purgedCopiesOf,
  purgeTenant,
  recordDocumentFailed,
  recordDocumentFetched,
  recordDossierPdf,
  recordFile,
  saveSyncState,
  setAccess,
  syncState,
  tenantByLocalId,
  tenantByTenantId,
  tenantPurged,
  tenantsWithFilesToFetch,
  type PurgedCopies,
  type TenantRow,
} from './tenantStore.js';

/** Largest PDF kept (a DossierFacile file is a few MB; anything far larger is not a PDF of it). */
const MAX_PDF_BYTES = 64 * 1024 * 1024;
/** How long the tenant has at the counter to sign in and consent (docs/providers/dossierfacile.md#oauth). */
const CONNECT_TIMEOUT_MS = 5 * 60_000;

type SyncView = ResponseOf<'dossierfacile.sync.state'>;

function errorText(error: unknown): HostText & { code: string } {
  return isGuichetError(error) ? { code: error.code, ...error.text } : { code: 'INTERNAL', key: genericErrorKey };
}

/**
 * Changes of the sync that get their own journal entry (docs/providers/dossierfacile.md#statuses).
 * A tenant newly seen (`linked`) is counted in the run's summary entry instead: a first sync of an
 * organisation's thousands of tenants would otherwise bury the journal.
 */
const journalledKinds = new Set(['validated', 'declined', 'archived', 'returned', 'to-process', 'incomplete', 'deleted', 'access-revoked']);

/**
 * Everything a clerk does with DossierFacile, wired onto the IPC router: connecting a tenant at the
 * counter, « Synchroniser », the tenant list and file, the PDFs kept offline, the purge.
 */
export function createDossierfacileFeature(deps: ProviderDeps, router: IpcRouter) {
  const iso = () => deps.clocks.now().toISOString();
  const tenantKey = (environment: string, tenantId: number) => `${environment}:${tenantId}`;
  const connections = createDfcConnection(deps, (key) => {
    const [environment, id] = key.split(':');
    const t = environment && id ? tenantByTenantId(deps.db, environment, Number(id)) : undefined;
    if (!t || t.access !== 'active') return;
    setAccess(deps.db, t.localId, 'reconnect', iso());
    deps.journal.append({
      actor: 'système',
      action: 'dossierfacile.tenant.reconnect',
      provider: 'dossierfacile',
      objectType: 'tenant',
      objectId: String(t.tenantId),
      summary: { key: 'dossierfacile:activity.reconnect', params: { tenantId: t.tenantId } },
    });
    emitChanged(t.localId);
  });
  const attempts = new Map<string, AbortController>();

  function row(t: TenantRow, kept = keptSummary(deps.db, [t.localId]).get(t.localId), purged: PurgedCopies = purgedCopiesOf(deps.db, [t]).get(t.localId)!): DfcTenantRow {
    return {
      localId: t.localId,
      tenantId: t.tenantId,
      firstName: t.firstName,
      lastName: t.lastName,
      email: t.email,
      status: t.status,
      applicationType: t.applicationType,
      access: t.access,
      accessChangedAt: t.accessChangedAt,
      lastSyncedAt: t.lastSyncedAt,
      lastUpdateDate: t.lastUpdateDate,
      filesKept: (kept?.kept ?? 0) + (t.dossierPdfBlob ? 1 : 0),
      filesMissing: (kept?.missing ?? 0) + (t.dossierPdfUrl && !t.dossierPdfBlob && !purged.dossier ? 1 : 0),
      purgedAt: purged.at,
    };
  }

  function need(localId: number): TenantRow {
    const t = tenantByLocalId(deps.db, localId);
    if (!t) throw new GuichetError('NOT_FOUND', { key: 'dossierfacile:errors.tenantNotFound', params: { localId } });
    return t;
  }

  function emitChanged(localId: number) {
    const t = tenantByLocalId(deps.db, localId);
    if (t) deps.bus.emit('dossierfacile.tenant.changed', row(t));
  }

  /** A revoked or deleted tenant's data is no longer used: no call, no file handed out (docs/providers/dossierfacile.md#tokens). */
  const usable = (t: TenantRow) => t.access === 'active' || t.access === 'reconnect';

  function fileView(t: TenantRow): DfcTenantFile {
    const kept = new Map(documentRows(deps.db, t.localId).map((d) => [d.documentId, d.blobSha256]));
    const purged = purgedCopiesOf(deps.db, [t]).get(t.localId)!;
    const open = usable(t);
    const docView = (d: DfcDocument): DfcDocumentView => {
      const report = d.documentAnalysisReport;
      const rules = [...(report?.failedRules ?? []), ...(report?.brokenRules ?? [])];
      return {
        documentId: d.id,
        category: d.documentCategory,
        subCategory: d.documentSubCategory ?? d.subCategory ?? null,
        status: d.documentStatus,
        analysis: report?.analysisStatus ?? null,
        analysisMessages: rules.map((r) => r.message ?? r.rule),
        deniedReasons: [...(d.documentDeniedReasons?.selectedOptions ?? []).map((o) => o.label), ...(d.documentDeniedReasons?.comment ? [d.documentDeniedReasons.comment] : [])],
        sha256: open ? (kept.get(d.id) ?? null) : null,
        purged: purged.documents.has(d.id),
      };
    };
    const sharing = t.profileJson ? (JSON.parse(t.profileJson) as DfcConnectedTenant).apartmentSharing : undefined;
    const nameOf = (p: { firstName?: string | null; lastName?: string | null }, fallback: string) => [p.firstName, p.lastName].filter(Boolean).join(' ') || fallback;
    return {
      row: row(t, undefined, purged),
      applicationType: sharing?.applicationType ?? t.applicationType,
      fileStatus: sharing?.status ?? t.fileStatus,
      tenants: (sharing?.tenants ?? []).map((p) => ({
        id: p.id,
        type: p.tenantType ?? null,
        name: nameOf(p, p.email ?? `#${p.id}`),
        email: p.email ?? null,
        status: p.status,
        self: p.id === t.tenantId,
        documents: p.documents.map(docView),
        guarantors: p.guarantors.map((g) => ({ id: g.id, type: g.typeGuarantor, name: g.legalPersonName ?? nameOf(g, `#${g.id}`), documents: g.documents.map(docView) })),
      })),
      dossierPdfSha256: open ? t.dossierPdfBlob : null,
      purgedAt: purged.at,
    };
  }

  async function dropBlobs(candidates: readonly string[]): Promise<number> {
    // The reference scan compiles a probe per table: not for nothing, once per synced tenant.
    if (candidates.length === 0) return 0;
    let deleted = 0;
    for (const sha of unreferencedBlobs(deps.db, candidates)) if (await deps.blobs.delete(sha).catch(() => false)) deleted++;
    return deleted;
  }

  /** Downloads what is missing of a tenant's PDFs into the blob store (paced and backed off by the client). */
  async function fetchFiles(localId: number, given?: DfcConnection): Promise<void> {
    const t = need(localId);
    if (!usable(t)) throw new GuichetError('DFC_ACCESS_ENDED', { key: 'dossierfacile:errors.DFC_ACCESS_ENDED', params: { access: t.access } });
    const conn = given ?? (await connections.connection());
    const replaced: string[] = [];
    let failure: unknown;
    for (const d of documentsToFetch(deps.db, t)) {
      try {
        const pdf = await conn.client.downloadDocument(t.tenantId, d.token!);
        const stored = await deps.blobs.putStream(pdf.stream, { mediaType: 'application/pdf', maxBytes: MAX_PDF_BYTES });
        const old = recordDocumentFetched(deps.db, localId, d.documentId, { sha256: stored.sha256, size: stored.size, token: d.token!, at: iso() });
        if (old) replaced.push(old);
      } catch (e) {
        recordDocumentFailed(deps.db, localId, d.documentId, isGuichetError(e) ? e.code : 'INTERNAL');
        failure ??= e;
        // Access gone: stop here, the sync will say so.
        if (isGuichetError(e) && (e.code === 'DFC_FORBIDDEN' || e.code === 'DFC_NOT_FOUND')) break;
      }
    }
    const now = need(localId);
    if (!failure && now.dossierPdfUrl && !now.dossierPdfBlob && !dossierPdfPurged(deps.db, localId, now.dossierPdfUrl)) {
      try {
        const pdf = await conn.client.downloadDossierPdf(now.dossierPdfUrl);
        const stored = await deps.blobs.putStream(pdf.stream, { mediaType: 'application/pdf', maxBytes: MAX_PDF_BYTES });
        if (!recordDossierPdf(deps.db, localId, stored.sha256, now.dossierPdfUrl)) replaced.push(stored.sha256);
      } catch (e) {
        failure ??= e;
      }
    }
    await dropBlobs(replaced);
    emitChanged(localId);
    if (failure) throw failure;
  }

  // ── Connecting a tenant at the counter ──────────────────────────────────

  router.register('dossierfacile.connect.start', ({ loginHint, archiveCaseId }) => {
    // Started from a case folder of the Archive: the case is checked before the browser opens.
    if (archiveCaseId !== undefined) deps.archive.requireCase(archiveCaseId);
    const attemptId = crypto.randomBytes(12).toString('base64url');
    const controller = new AbortController();
    attempts.set(attemptId, controller);
    const progress = (p: Omit<Parameters<typeof deps.bus.emit<'dossierfacile.connect.progress'>>[1], 'attemptId'>) =>
      deps.bus.emit('dossierfacile.connect.progress', { attemptId, ...p });
    void (async () => {
      try {
        progress({ step: 'starting' });
        const conn = await connections.connection();
        // openid-client and jose load with the first connection, not with the application.
        const { connectTenant } = await import('../oauthLoopback.js');
        const set = await connectTenant({
          realm: conn.realm,
          callbackPath: conn.callbackPath,
          timeoutMs: CONNECT_TIMEOUT_MS,
          signal: controller.signal,
          ...(loginHint ? { loginHint } : {}),
          openExternal: async (url) => {
            // electronegativity-reviewed: OPEN_EXTERNAL_JS_CHECK — the core's guarded opener (main/composition.ts): allow-listed hosts or this realm's own sign-in origin, https (http on 127.0.0.1 only).
            const { opened } = await deps.openExternal(url, conn.ssoBaseUrl);
            progress({ step: 'browser-opened', authorizationUrl: url, opened });
            progress({ step: 'waiting-consent', authorizationUrl: url, opened });
          },
        });
        // The first profile call links the tenant to the partner (docs/providers/dossierfacile.md#profile).
        const profile = await conn.client.getProfile(set.accessToken);
        const tenantId = profile.connectedTenantId;
        await conn.tokens.connected(tenantKey(conn.environment, tenantId), set);
        // A new consent at the counter is the one way back for a tenant the clerk purged.
        forgetPurgedTenant(deps.db, conn.environment, tenantId);
        const { localId, droppedBlobs } = recordFile(deps.db, { environment: conn.environment, tenantId, model: profile, at: iso(), connected: true });
        await dropBlobs(droppedBlobs);
        deps.journal.append({
          actor: 'agent',
          action: 'dossierfacile.tenant.connect',
          provider: 'dossierfacile',
          objectType: 'tenant',
          objectId: String(tenantId),
          summary: { key: 'dossierfacile:activity.connected', params: { tenantId } },
        });
        // The tenant's files, kept now or at the next syncs, join the case it was connected from.
        if (archiveCaseId !== undefined) deps.archive.fileIntoCase(archiveCaseId, [{ objectType: 'tenant', objectId: String(tenantId) }]);
        progress({ step: 'connected', tenant: row(need(localId)) });
        emitChanged(localId);
        await fetchFiles(localId, conn).catch((e: unknown) => deps.logger.warn('dossierfacile files not fetched', { localId, code: errorText(e).code }));
      } catch (e) {
        deps.logger.warn('dossierfacile connect failed', { code: errorText(e).code });
        progress({ step: 'failed', error: errorText(e) });
      } finally {
        attempts.delete(attemptId);
      }
    })();
    return { attemptId };
  });

  router.register('dossierfacile.connect.cancel', ({ attemptId }) => {
    attempts.get(attemptId)?.abort();
    return { ok: true as const };
  });

  // ── The list, the file, the PDFs, the purge ─────────────────────────────

  router.register('dossierfacile.tenants.list', ({ search, statuses, access, limit, after }) => {
    const { rows, total } = listTenants(deps.db, {
      environment: connections.environment(),
      ...(search ? { search } : {}),
      ...(statuses ? { statuses } : {}),
      ...(access ? { access } : {}),
      ...(after ? { after } : {}),
      limit,
    });
    const kept = keptSummary(
      deps.db,
      rows.map((r) => r.localId),
    );
    const purged = purgedCopiesOf(deps.db, rows);
    const last = rows.at(-1);
    return { items: rows.map((r) => row(r, kept.get(r.localId), purged.get(r.localId))), total, next: rows.length === limit && last ? { sortName: last.sortName, localId: last.localId } : null };
  });

  router.register('dossierfacile.tenants.file', ({ localId }) => fileView(need(localId)));

  router.register('dossierfacile.tenants.fetchFiles', async ({ localId }) => {
    await fetchFiles(localId);
    return fileView(need(localId));
  });

  router.register('dossierfacile.tenants.redownload', async ({ localId }) => {
    const t = need(localId);
    if (!usable(t)) throw new GuichetError('DFC_ACCESS_ENDED', { key: 'dossierfacile:errors.DFC_ACCESS_ENDED', params: { access: t.access } });
    // The clerk's choice holds even if DossierFacile cannot be reached now: the next sync downloads them.
    forgetPurgedCopies(deps.db, localId);
    emitChanged(localId);
    await fetchFiles(localId);
    return fileView(need(localId));
  });

  router.register('dossierfacile.tenants.purge', async ({ localId }) => {
    const t = need(localId);
    // Recorded with the deletion: DossierFacile's later changes of this tenant link nothing again (migration 018).
    const candidates = purgeTenant(deps.db, localId, iso());
    await connections.refreshVault.delete(tenantKey(t.environment, t.tenantId));
    const filesDeleted = await dropBlobs(candidates);
    // The journal keeps that a purge happened, never the data purged (no name, no e-mail).
    deps.journal.append({
      actor: 'agent',
      action: 'dossierfacile.tenant.purge',
      provider: 'dossierfacile',
      objectType: 'tenant',
      objectId: String(t.tenantId),
      summary: { key: 'dossierfacile:activity.purged', params: { tenantId: t.tenantId, files: filesDeleted } },
    });
    deps.bus.emit('dossierfacile.tenant.purged', { localId });
    return { filesDeleted };
  });

  // ── « Actualiser » one tenant, with the tenant's own token ───────────────

  const refreshing = new Map<number, Promise<DfcTenantFile>>();

  /**
   * The tenant's file read again through `GET /dfc/tenant/profile` with the tenant's user token,
   * refreshed from the vault's refresh token when it expired (docs/providers/dossierfacile.md#tokens):
   * a dead refresh token (revoked, idle, too old) marks the tenant « reconnexion nécessaire » through
   * the connection's callback, and the local copy stays. One refresh at a time per tenant.
   */
  async function refreshTenant(localId: number): Promise<DfcTenantFile> {
    const t = need(localId);
    if (t.access === 'revoked' || t.access === 'deleted') {
      throw new GuichetError('DFC_ACCESS_ENDED', { key: 'dossierfacile:errors.DFC_ACCESS_ENDED', params: { access: t.access } });
    }
    const conn = await connections.connection();
    const key = tenantKey(t.environment, t.tenantId);
    let profile: DfcConnectedTenant;
    try {
      profile = await conn.tokens.withAccessToken(key, (token) => conn.client.getProfile(token));
    } catch (e) {
      // A 403 on the profile: the tenant took the access back (docs/providers/dossierfacile.md#errors).
      if (hasDfcCode(e, dfcErrorCodes.forbidden)) {
        await applyChange(t.environment, { tenantId: t.tenantId, kinds: ['access-revoked'], at: iso() });
        throw new GuichetError('DFC_ACCESS_ENDED', { key: 'dossierfacile:errors.DFC_ACCESS_ENDED', params: { access: 'revoked' } });
      }
      throw e;
    }
    const self = profile.apartmentSharing.tenants.find((p) => p.id === t.tenantId);
    const status = self?.status ?? profile.apartmentSharing.status;
    await applyChange(t.environment, { tenantId: t.tenantId, kinds: changeKinds(t.status, status), status, previousStatus: t.status, tenant: profile, at: self?.lastUpdateDate ?? '' });
    await fetchFiles(localId, conn).catch((e: unknown) => deps.logger.warn('dossierfacile files not fetched', { localId, code: errorText(e).code }));
    return fileView(need(localId));
  }

  router.register('dossierfacile.tenants.refresh', ({ localId }) => {
    const running = refreshing.get(localId);
    if (running) return running;
    const job = refreshTenant(localId).finally(() => refreshing.delete(localId));
    refreshing.set(localId, job);
    return job;
  });

  registerPartnerSettings(deps, router, connections);

  // ── A relayed webhook: that tenant re-read at once (docs/providers/dossierfacile.md#relay) ──

  /** One tenant re-read with the partner's token, as a sync would for its row: the webhook only said « look again ». */
  async function resyncTenant(tenantId: number): Promise<void> {
    const environment = connections.environment();
    const known = tenantByTenantId(deps.db, environment, tenantId);
    if (known && !usable(known)) return;
    // Purged by the clerk: the webhook does not bring them back, not even for a read.
    if (!known && tenantPurged(deps.db, environment, tenantId)) return;
    const conn = await connections.connection();
    let model: DfcConnectedTenant;
    try {
      model = await conn.client.getTenant(tenantId);
    } catch (e) {
      // 403: no longer linked to us; 404: the account is gone (docs/providers/dossierfacile.md#partner-sync).
      if (hasDfcCode(e, dfcErrorCodes.forbidden)) await applyChange(environment, { tenantId, kinds: ['access-revoked'], at: '' });
      else if (hasDfcCode(e, dfcErrorCodes.notFound)) await applyChange(environment, { tenantId, kinds: ['deleted'], at: '' });
      else throw e;
      return;
    }
    const self = model.apartmentSharing.tenants.find((p) => p.id === tenantId);
    const status = self?.status ?? model.apartmentSharing.status;
    const localId = await applyChange(environment, { tenantId, kinds: changeKinds(known?.status, status), status, ...(known ? { previousStatus: known.status } : {}), tenant: model, at: self?.lastUpdateDate ?? '' });
    if (localId !== null) await fetchFiles(localId, conn).catch((e: unknown) => deps.logger.warn('dossierfacile files not fetched', { localId, code: errorText(e).code }));
  }

  const webhookRelay = createWebhookRelay(deps, { resync: resyncTenant });

  // ── « Synchroniser » ─────────────────────────────────────────────────────

  let running: Promise<SyncView> | null = null;
  let syncAbort: AbortController | null = null;

  function syncView(): SyncView {
    const s = syncState(deps.db, connections.environment());
    return {
      running: running !== null,
      lastRunAt: s.lastRunAt,
      lastError: s.lastError,
      changed: s.lastChanged,
      lastSuccessAt: s.lastSuccessAt,
      waiting: filesWaiting(deps.db, connections.environment()),
      unreachable: meansUnreachable(s.lastError?.code),
    };
  }
  const emitSync = () => deps.bus.emit('dossierfacile.sync.changed', syncView());

  async function applyChange(environment: string, change: TenantChange): Promise<number | null> {
    const known = tenantByTenantId(deps.db, environment, change.tenantId);
    const at = iso();
    let localId: number | null = null;
    // Purged by the clerk and not connected again: whatever DossierFacile says of them now is not kept.
    if (!known && tenantPurged(deps.db, environment, change.tenantId)) return null;
    if (change.tenant) {
      const recorded = recordFile(deps.db, { environment, tenantId: change.tenantId, model: change.tenant, at, lastUpdateDate: change.at || null });
      localId = recorded.localId;
      await dropBlobs(recorded.droppedBlobs);
    } else if (known) {
      const access = change.kinds.includes('deleted') ? 'deleted' : change.kinds.includes('access-revoked') ? 'revoked' : null;
      if (access) {
        setAccess(deps.db, known.localId, access, at);
        // No further use: the tokens go; the local copy stays until the clerk purges it.
        await connections.refreshVault.delete(tenantKey(environment, change.tenantId));
      }
      localId = known.localId;
    }
    if (localId === null) return null;
    for (const kind of change.kinds.filter((k) => journalledKinds.has(k))) {
      deps.journal.append({
        actor: 'système',
        action: `dossierfacile.tenant.${kind}`,
        provider: 'dossierfacile',
        objectType: 'tenant',
        objectId: String(change.tenantId),
        summary: { key: `dossierfacile:activity.kinds.${kind}`, params: { tenantId: change.tenantId } },
      });
    }
    emitChanged(localId);
    return localId;
  }

  async function syncNow(): Promise<SyncView> {
    if (running) return running;
    const environment = connections.environment();
    syncAbort = new AbortController();
    const signal = syncAbort.signal;
    running = (async () => {
      let changed = 0;
      const toFetch = new Set<number>();
      const state = syncState(deps.db, environment);
      let sync: TenantSync | null = null;
      try {
        const conn = await connections.connection();
        sync = new TenantSync({
          client: conn.client,
          cursor: state.cursor,
          signal,
          known: (id) => {
            const t = knownTenant(deps.db, environment, id);
            if (!t) return tenantPurged(deps.db, environment, id) ? { purged: true } : undefined;
            return { status: t.status, ...(t.access === 'revoked' ? { stopped: 'access-revoked' as const } : t.access === 'deleted' ? { stopped: 'deleted' as const } : {}) };
          },
        });
        for await (const change of sync.changes()) {
          const localId = await applyChange(environment, change);
          changed++;
          if (localId !== null && change.tenant) toFetch.add(localId);
          // The cursor moves with each page handed out: a run stopped midway repeats nothing it must not skip.
          if (changed % 200 === 0) saveSyncState(deps.db, environment, { cursor: sync.cursor });
        }
        saveSyncState(deps.db, environment, { cursor: sync.cursor, lastRunAt: iso(), lastSuccessAt: iso(), lastError: null, lastChanged: changed });
        if (changed > 0) {
          deps.journal.append({ actor: 'système', action: 'dossierfacile.sync', provider: 'dossierfacile', summary: { key: 'dossierfacile:activity.synced', params: { count: changed } } });
        }
        for (const localId of tenantsWithFilesToFetch(deps.db, [...toFetch])) {
          if (signal.aborted) break;
          await fetchFiles(localId, conn).catch((e: unknown) => deps.logger.warn('dossierfacile files not fetched', { localId, code: errorText(e).code }));
        }
      } catch (e) {
        deps.logger.warn('dossierfacile sync failed', { code: errorText(e).code });
        saveSyncState(deps.db, environment, { ...(sync ? { cursor: sync.cursor } : {}), lastRunAt: iso(), lastError: errorText(e), lastChanged: changed });
      }
      return syncView();
    })();
    emitSync();
    try {
      return await running;
    } finally {
      running = null;
      syncAbort = null;
      emitSync();
    }
  }

  router.register('dossierfacile.sync.run', async () => {
    const view = await syncNow();
    return { ...view, running: false };
  });
  router.register('dossierfacile.sync.state', () => syncView());

  // ── Periodic sync: a desktop receives no webhook (docs/providers/dossierfacile.md#webhooks) ──

  let timer: NodeJS.Timeout | null = null;
  let relayTimer: NodeJS.Timeout | null = null;
  let started = false;
  function scheduleRelay() {
    if (!started) return;
    relayTimer = setTimeout(() => {
      relayTimer = null;
      const work = webhookRelay.configured() ? webhookRelay.pull().then(() => undefined, (e: unknown) => deps.logger.warn('dossierfacile relay pull failed', { code: errorText(e).code })) : Promise.resolve();
      void work.finally(scheduleRelay);
    }, relayPullEveryMs);
    relayTimer.unref?.();
  }
  function schedule() {
    if (!started) return;
    const environment = connections.environment();
    const minutes = deps.settings.get().providers.dossierfacile.syncPeriodMinutes;
    const delay = Math.max(1000, deps.clocks.of(environment).realMs(minutes * 60_000));
    timer = setTimeout(() => {
      timer = null;
      // Nothing kept yet: nothing to follow, and no simulator to start for it.
      const work = hasTenants(deps.db, environment) ? syncNow() : Promise.resolve();
      void work.finally(schedule);
    }, delay);
    timer.unref?.();
  }

  async function testConnection(): Promise<ResponseOf<'providers.testConnection'>> {
    try {
      const conn = await connections.connection();
      await conn.client.getSettings();
      return { ok: true, key: conn.simulated ? 'dossierfacile:connectionTest.okSimulated' : 'dossierfacile:connectionTest.ok' };
    } catch (error) {
      return isGuichetError(error) ? { ok: false, code: error.code, ...error.text } : { ok: false, code: 'INTERNAL', key: genericErrorKey };
    }
  }

  return {
    connections,
    webhookRelay,
    testConnection,
    syncNow,
    fetchFiles,
    start() {
      started = true;
      if (!timer) schedule();
      if (!relayTimer) scheduleRelay();
    },
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      if (relayTimer) clearTimeout(relayTimer);
      relayTimer = null;
      for (const a of attempts.values()) a.abort();
      syncAbort?.abort();
      await running?.catch(() => undefined);
    },
  };
}
export type DossierfacileFeature = ReturnType<typeof createDossierfacileFeature>;
