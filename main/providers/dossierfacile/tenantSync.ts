import { dfcError, dfcErrorCodes, hasDfcCode } from './errors.js';
import type { DfcClient } from './client.js';
import type { DfcConnectedTenant, DfcTenantsPage, DfcTenantUpdate } from './schemas.js';

/**
 * « Synchroniser » (docs/providers/dossierfacile.md#partner-sync): every linked tenant updated since
 * the last cursor, page after page, each re-read and compared with what the caller knew. The cursor is
 * computed here, never taken from `nextLink` (which turns into a bare `after`, « from the beginning »,
 * when a page ends on a deletion). Pages are consumed as they come: only one page and the ids at its
 * boundary instant are held.
 */

export type TenantChangeKind =
  | 'linked'
  | 'updated'
  | 'validated'
  | 'declined'
  | 'archived'
  | 'returned'
  | 'to-process'
  | 'incomplete'
  | 'deleted'
  | 'access-revoked';

export interface TenantChange {
  tenantId: number;
  /** What happened, most telling first (`linked` then the new status, for instance). */
  kinds: TenantChangeKind[];
  /** The status DossierFacile gives now (never recomputed here). */
  status?: string;
  previousStatus?: string;
  /** The re-read file, for updates; absent for deletions and revocations. */
  tenant?: DfcConnectedTenant;
  /** The row's date (update, deletion or revocation), Paris local time. */
  at: string;
}

export interface KnownTenant {
  /** The status last read from DossierFacile. */
  status?: string;
  /** Set once a deletion or a revocation has been recorded: it is not reported again. */
  stopped?: 'deleted' | 'access-revoked';
  /** Purged by the clerk: not re-read, not reported, until the tenant connects again. */
  purged?: true;
}

export interface TenantSyncOptions {
  client: DfcClient;
  /** The cursor persisted by the last run (null: first sync). */
  cursor: string | null;
  /** Rows per page (the provider's default is 1000 and it has no maximum). */
  pageSize?: number;
  /** What the local copy knows of the tenant; undefined when it has none. */
  known(tenantId: number): KnownTenant | undefined | Promise<KnownTenant | undefined>;
  /**
   * Tenant re-reads (`tenants/{id}`) in flight at once; DossierFacile publishes no limit for them
   * (docs/providers/dossierfacile.md#limits), so this is our own restraint. Default 16: the most the
   * bench's floor keeps in flight (bench/dfc-sync.ts); at 4, client and server waited on each other
   * (docs/providers/dossierfacile.md#synchronisation-performance).
   */
  readConcurrency?: number;
  signal?: AbortSignal;
}

export const defaultReadConcurrency = 16;

/** Sortable form of a local date-time, also the `after` sent: seconds present, six fraction digits (the server keeps microseconds). */
export function comparableDate(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?/.exec(value);
  if (!m) return value;
  return `${m[1]}:${m[2] ?? '00'}.${(m[3] ?? '').padEnd(6, '0').slice(0, 6)}`;
}

function statusKind(status: string): TenantChangeKind | undefined {
  switch (status) {
    case 'VALIDATED':
      return 'validated';
    case 'DECLINED':
      return 'declined';
    case 'ARCHIVED':
      return 'archived';
    case 'TO_PROCESS':
      return 'to-process';
    case 'INCOMPLETE':
      return 'incomplete';
    default:
      return undefined;
  }
}

/** What a new status means against the previous one; the same status is a plain update. */
export function changeKinds(previous: string | undefined, current: string): TenantChangeKind[] {
  if (previous === undefined) return ['linked', ...(statusKind(current) ? [statusKind(current)!] : [])];
  if (previous === current) return ['updated'];
  if (previous === 'ARCHIVED') return ['returned', ...(statusKind(current) ? [statusKind(current)!] : [])];
  return [statusKind(current) ?? 'updated'];
}

function tenantOf(model: DfcConnectedTenant, id: number) {
  return model.apartmentSharing.tenants.find((t) => t.id === id);
}

/**
 * One sync run. Iterate `changes()` to the end, then persist `cursor`; a run stopped midway leaves
 * `cursor` at what was fully handed out, so the next run repeats nothing it must not skip.
 */
export class TenantSync {
  private safeCursor: string | null;
  private readonly pageSize: number;
  private readonly readConcurrency: number;

  constructor(private readonly opts: TenantSyncOptions) {
    this.safeCursor = opts.cursor ? comparableDate(opts.cursor) : null;
    this.pageSize = opts.pageSize ?? 1000;
    this.readConcurrency = Math.max(1, Math.floor(opts.readConcurrency ?? defaultReadConcurrency));
  }

  /** The cursor to persist: the newest update date handed out, without offset. */
  get cursor(): string | null {
    return this.safeCursor;
  }

  async *changes(): AsyncGenerator<TenantChange> {
    const { client } = this.opts;
    const startedFrom = this.safeCursor;
    const list = (after: string | null, limit: number) => client.listTenants({ after, limit, includeDeleted: true, includeRevoked: true });
    let after = this.safeCursor;
    let limit = this.pageSize;
    // Rows newer than `after` already handed out: the next page may serve them again (same-instant step back).
    let served = new Map<number, string>();
    const tails = new Map<number, DfcTenantUpdate>();
    let updatesSinceStart = 0;
    this.throwIfAborted();
    let pending: Promise<DfcTenantsPage> | undefined = list(after, limit);
    while (pending) {
      const page: DfcTenantsPage = await pending;
      pending = undefined;
      this.throwIfAborted();
      const updates = page.data.filter((r) => r.lastUpdateDate);
      for (const row of page.data) if (!row.lastUpdateDate) tails.set(row.id, row);
      const full = page.metadata.resultCount >= limit;
      let nextAfter = after;
      if (full && updates.length > 0) {
        const newest = comparableDate(updates[updates.length - 1]!.lastUpdateDate!);
        // The server compares strictly: stopping at `newest` would skip its other same-instant tenants
        // cut off by the limit. Step back to the instant before it; if the whole page is one instant,
        // ask the same `after` again with a larger limit.
        const before = updates.map((r) => comparableDate(r.lastUpdateDate!)).filter((d) => d < newest);
        if (before.length > 0) {
          nextAfter = before[before.length - 1]!;
          limit = this.pageSize;
        } else limit *= 2;
      } else if (updates.length > 0) {
        nextAfter = comparableDate(updates[updates.length - 1]!.lastUpdateDate!);
      }
      const more = full && updates.length > 0;
      // Read-ahead: the next page depends on this one only, so it is asked now and arrives while
      // this page's tenants are re-read (at most two pages held).
      if (more) {
        pending = list(nextAfter, limit);
        pending.catch(() => undefined);
      }
      const fresh = updates.filter((row) => served.get(row.id) !== comparableDate(row.lastUpdateDate!));
      for await (const change of this.reread(fresh)) {
        updatesSinceStart++;
        yield change;
      }
      for (const row of fresh) served.set(row.id, comparableDate(row.lastUpdateDate!));
      served = new Map([...served].filter(([, at]) => nextAfter === null || at > nextAfter));
      if (!more) {
        if (nextAfter !== null) this.safeCursor = nextAfter;
        break;
      }
      after = nextAfter;
      if (after !== null) this.safeCursor = after;
    }
    // Deletions and revocations sort after every update: when the run took several pages they were
    // hidden behind full pages. Ask once more from where the run began with room for everything
    // updated since (a first sync needs none: there is no local copy to stop using).
    if (startedFrom !== null && updatesSinceStart >= this.pageSize) {
      const page = await client.listTenants({ after: startedFrom, limit: updatesSinceStart + this.pageSize, includeDeleted: true, includeRevoked: true });
      for (const row of page.data) if (!row.lastUpdateDate && !tails.has(row.id)) tails.set(row.id, row);
    }
    // At most one revocation comes per call: walk on from the newest one seen while pages have room.
    // Two revocations in the same microsecond cannot both come this way; the 403 of `tenants/{id}`
    // and the ACCESS_REVOKED webhook still tell the other one.
    let revokedAfter = [...tails.values()].map((r) => r.revocationDate).filter((d): d is string => !!d).sort((a, b) => (comparableDate(a) < comparableDate(b) ? -1 : 1)).at(-1);
    while (revokedAfter) {
      this.throwIfAborted();
      const page = await client.listTenants({ after: comparableDate(revokedAfter), limit: this.pageSize, includeRevoked: true });
      const next = page.metadata.resultCount < this.pageSize ? page.data.find((r) => r.revocationDate && !tails.has(r.id)) : undefined;
      if (next) tails.set(next.id, next);
      revokedAfter = next?.revocationDate ?? undefined;
    }
    for (const row of tails.values()) {
      this.throwIfAborted();
      const kind = row.deletionDate ? 'deleted' : row.revocationDate ? 'access-revoked' : undefined;
      const known = await this.opts.known(row.id);
      // A tenant never kept here, or whose end is already recorded, needs no word (the rows come back every run).
      if (!kind || !known || known.purged || known.stopped === kind) continue;
      yield { tenantId: row.id, kinds: [kind], at: (row.deletionDate ?? row.revocationDate)!, ...(known.status ? { previousStatus: known.status } : {}) };
    }
  }

  /**
   * One page's tenants re-read with up to `readConcurrency` reads in flight, handed out in the
   * page's order. A page lists each tenant once, so no two reads in flight are for the same tenant.
   */
  private async *reread(rows: DfcTenantUpdate[]): AsyncGenerator<TenantChange> {
    const window: Promise<TenantChange | null>[] = [];
    let next = 0;
    const fill = () => {
      while (window.length < this.readConcurrency && next < rows.length) {
        const row = rows[next++]!;
        const read = this.updated(row.id, row.lastUpdateDate!);
        // A failure is thrown when its turn comes; the reads behind it must not become unhandled.
        read.catch(() => undefined);
        window.push(read);
      }
    };
    fill();
    while (window.length > 0) {
      this.throwIfAborted();
      const change = await window.shift()!;
      fill();
      if (change) yield change;
    }
  }

  /** The tenant re-read and compared; null for a tenant the clerk purged, who is not read at all. */
  private async updated(tenantId: number, at: string): Promise<TenantChange | null> {
    const known = await this.opts.known(tenantId);
    if (known?.purged) return null;
    // A tenant whose access ended and who consents again is linked anew.
    const previous = known?.stopped ? undefined : known?.status;
    const prior = known?.status ? { previousStatus: known.status } : {};
    try {
      const tenant = await this.opts.client.getTenant(tenantId);
      const status = tenantOf(tenant, tenantId)?.status ?? tenant.apartmentSharing.status;
      return { tenantId, kinds: changeKinds(previous, status), status, tenant, at, ...prior };
    } catch (e) {
      // Unlinked or deleted between the list and the read (docs/providers/dossierfacile.md#errors).
      if (hasDfcCode(e, dfcErrorCodes.forbidden)) return { tenantId, kinds: ['access-revoked'], at, ...prior };
      if (hasDfcCode(e, dfcErrorCodes.notFound)) return { tenantId, kinds: ['deleted'], at, ...prior };
      throw e;
    }
  }

  private throwIfAborted(): void {
    if (this.opts.signal?.aborted) throw dfcError(dfcErrorCodes.cancelled, 'dossierfacile:errors.syncCancelled');
  }
}
