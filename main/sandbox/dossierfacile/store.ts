import { randomUUID } from 'node:crypto';
import type { SimulatorClock } from '../simClock.js';
import { parisParts } from '../parisTime.js';

/**
 * The DossierFacile simulator's tenants and what the partner may see of them
 * (docs/providers/dossierfacile.md#statuses, #exposure, #partner-sync). One partner: the sandbox
 * client. Times are simulated milliseconds; dates go out as DossierFacile writes them, Paris local
 * time without zone and with a trimmed fraction.
 */

export type DocumentStatus = 'TO_PROCESS' | 'VALIDATED' | 'DECLINED';
export type TenantStatus = 'TO_PROCESS' | 'VALIDATED' | 'DECLINED' | 'INCOMPLETE' | 'ARCHIVED';

export interface SimDocument {
  id: number;
  category: string;
  subCategory: string;
  status: DocumentStatus;
  /** The watermarked PDF's uuid (the document `token`). */
  uuid: string;
  monthlySum?: number;
  deniedReason?: string;
}

export interface SimGuarantor {
  id: number;
  firstName: string;
  lastName: string;
  typeGuarantor: 'NATURAL_PERSON' | 'LEGAL_PERSON' | 'ORGANISM';
  documents: SimDocument[];
}

export interface SimTenant {
  id: number;
  apartmentSharingId: number;
  email: string;
  firstName: string;
  lastName: string;
  zipCode?: string;
  tenantType: 'CREATE' | 'JOIN';
  honorDeclaration: boolean;
  archived: boolean;
  documents: SimDocument[];
  guarantors: SimGuarantor[];
  createdAt: number;
  lastUpdateAt: number;
  /** Tenants whose check is still running: their TO_PROCESS documents are validated at this time. */
  validatesAt?: number;
  deletedAt?: number;
  /** When the partner got its link (first profile call), and when the tenant took it back. */
  linkedAt?: number;
  revokedAt?: number;
  /** oidc-provider grant ids of this tenant's consents, destroyed on revocation. */
  grantIds: string[];
}

export interface SimApartmentSharing {
  id: number;
  applicationType: 'ALONE' | 'COUPLE' | 'GROUP';
  tenantIds: number[];
  /** The partner's full-data and restricted links, created by the first profile call. */
  fullToken?: string;
  publicToken?: string;
  /** Full PDF: generation starts on the first GET (409 until ready). */
  pdfReadyAt?: number;
}

const mandatory = ['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX'];

/** Tenant status, first match wins (docs/providers/dossierfacile.md#statuses). */
export function tenantStatus(t: SimTenant): TenantStatus {
  if (t.archived) return 'ARCHIVED';
  const all = [...t.documents, ...t.guarantors.flatMap((g) => g.documents)];
  if (all.some((d) => d.status === 'DECLINED')) return 'DECLINED';
  const categories = new Set(t.documents.map((d) => d.category));
  if (!t.honorDeclaration || mandatory.some((c) => !categories.has(c))) return 'INCOMPLETE';
  if (all.some((d) => d.status === 'TO_PROCESS')) return 'TO_PROCESS';
  return 'VALIDATED';
}

export function fileStatus(tenants: SimTenant[]): TenantStatus {
  const s = tenants.map(tenantStatus);
  if (s.includes('DECLINED')) return 'DECLINED';
  if (s.includes('INCOMPLETE')) return 'INCOMPLETE';
  if (s.every((x) => x === 'ARCHIVED')) return 'ARCHIVED';
  if (s.includes('ARCHIVED')) return 'INCOMPLETE';
  if (s.includes('TO_PROCESS')) return 'TO_PROCESS';
  return 'VALIDATED';
}

/** `2026-05-04T10:12:33.123` style, Paris time, no zone; `fixed` keeps all six fraction digits (webhooks). */
export function localDateTime(ms: number, micros = 0, fixed = false): string {
  const p = parisParts(ms);
  const fraction = String((((ms % 1000) + 1000) % 1000) * 1000 + micros).padStart(6, '0');
  const trimmed = fixed ? fraction : fraction.replace(/0+$/, '');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${trimmed ? `.${trimmed}` : ''}`;
}

/** A comparable form of a local date-time: six fraction digits, seconds present. */
export function comparableLocal(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?/.exec(value);
  if (!m) return null;
  return `${m[1]}:${m[2] ?? '00'}.${(m[3] ?? '').padEnd(6, '0').slice(0, 6)}`;
}

export type StoreEvent =
  | { kind: 'callback'; type: string; tenantId: number };

export class DossierFacileStore {
  readonly tenants = new Map<number, SimTenant>();
  readonly sharings = new Map<number, SimApartmentSharing>();
  private nextId = 10_000;
  private readonly listeners: ((e: StoreEvent) => void)[] = [];

  constructor(private readonly clock: SimulatorClock) {}

  onEvent(listener: (e: StoreEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: StoreEvent): void {
    for (const l of this.listeners) l(e);
  }

  id(): number {
    return this.nextId++;
  }

  add(sharing: Omit<SimApartmentSharing, 'tenantIds'>, tenants: SimTenant[]): void {
    this.sharings.set(sharing.id, { ...sharing, tenantIds: tenants.map((t) => t.id) });
    for (const t of tenants) this.tenants.set(t.id, t);
  }

  byEmail(email: string): SimTenant | undefined {
    const wanted = email.trim().toLowerCase();
    return [...this.tenants.values()].find((t) => t.deletedAt === undefined && t.email.toLowerCase() === wanted);
  }

  sharingOf(t: SimTenant): SimApartmentSharing {
    return this.sharings.get(t.apartmentSharingId)!;
  }

  tenantsOf(s: SimApartmentSharing): SimTenant[] {
    return s.tenantIds.map((id) => this.tenants.get(id)!).filter((t) => t.deletedAt === undefined);
  }

  /** Moves tenants whose check was due: their pending documents become validated. */
  tick(): void {
    const now = this.clock.now();
    for (const t of this.tenants.values()) {
      if (t.validatesAt === undefined || t.validatesAt > now || t.deletedAt !== undefined) continue;
      const at = t.validatesAt;
      delete t.validatesAt;
      this.setDocuments(t, 'VALIDATED', at);
    }
  }

  /** Operator control: every document of the tenant (and its guarantors) to one status. */
  setDocuments(t: SimTenant, status: DocumentStatus, at = this.clock.now()): void {
    const before = tenantStatus(t);
    for (const d of [...t.documents, ...t.guarantors.flatMap((g) => g.documents)]) d.status = status;
    t.lastUpdateAt = at;
    const after = tenantStatus(t);
    if (before !== after && t.linkedAt !== undefined && t.revokedAt === undefined) {
      if (after === 'VALIDATED') this.emit({ kind: 'callback', type: 'VERIFIED_ACCOUNT', tenantId: t.id });
      if (after === 'DECLINED') this.emit({ kind: 'callback', type: 'DENIED_ACCOUNT', tenantId: t.id });
    }
  }

  /** Profile side effects (docs/providers/dossierfacile.md#profile): link (both tenants of a couple) and the two links. */
  linkToPartner(t: SimTenant): void {
    const sharing = this.sharingOf(t);
    const now = this.clock.now();
    // In a GROUP only the tenant who connected is linked; a COUPLE is linked together.
    const toLink = sharing.applicationType === 'GROUP' ? [t] : this.tenantsOf(sharing);
    const newlyLinked = toLink.filter((x) => x.linkedAt === undefined || x.revokedAt !== undefined);
    for (const x of newlyLinked) {
      x.linkedAt = now;
      delete x.revokedAt;
    }
    sharing.fullToken ??= randomUUID();
    sharing.publicToken ??= randomUUID();
    if (newlyLinked.includes(t)) {
      const status = tenantStatus(t);
      if (status === 'VALIDATED') this.emit({ kind: 'callback', type: 'VERIFIED_ACCOUNT', tenantId: t.id });
      if (status === 'TO_PROCESS') this.emit({ kind: 'callback', type: 'CREATED_ACCOUNT', tenantId: t.id });
    }
  }

  isLinked(t: SimTenant): boolean {
    return t.linkedAt !== undefined && t.revokedAt === undefined && t.deletedAt === undefined;
  }

  revoke(t: SimTenant): void {
    const sharing = this.sharingOf(t);
    t.revokedAt = this.clock.now();
    delete sharing.fullToken;
    delete sharing.publicToken;
    this.emit({ kind: 'callback', type: 'ACCESS_REVOKED', tenantId: t.id });
  }

  remove(t: SimTenant): void {
    if (this.isLinked(t)) this.emit({ kind: 'callback', type: 'DELETED_ACCOUNT', tenantId: t.id });
    t.deletedAt = this.clock.now();
  }

  allDocuments(t: SimTenant): SimDocument[] {
    return [...t.documents, ...t.guarantors.flatMap((g) => g.documents)];
  }
}

function doc(id: number, category: string, subCategory: string, status: DocumentStatus, extra: Partial<SimDocument> = {}): SimDocument {
  return { id, category, subCategory, status, uuid: randomUUID(), ...extra };
}

function fullSet(base: number, status: DocumentStatus): SimDocument[] {
  return [
    doc(base + 1, 'IDENTIFICATION', 'FRENCH_IDENTITY_CARD', status),
    doc(base + 2, 'RESIDENCY', 'TENANT', status),
    doc(base + 3, 'PROFESSIONAL', 'CDI', status),
    doc(base + 4, 'FINANCIAL', 'SALARY', status, { monthlySum: 2450 }),
    doc(base + 5, 'TAX', 'MY_NAME', status),
  ];
}

export const SANDBOX_PASSWORD = 'dossierfacile';

/**
 * The sandbox tenants a clerk (or a test) logs in as: a validated file alone, a declined couple, one
 * still being checked (validated a few simulated minutes after the simulator starts), an unfinished one.
 */
export function seedSandboxTenants(store: DossierFacileStore, now: number, checkDurationMs: number): void {
  const created = now - 6 * 86_400_000;
  const tenant = (id: number, sharing: number, email: string, firstName: string, lastName: string, documents: SimDocument[], extra: Partial<SimTenant> = {}): SimTenant => ({
    id,
    apartmentSharingId: sharing,
    email,
    firstName,
    lastName,
    zipCode: '75011',
    tenantType: 'CREATE',
    honorDeclaration: true,
    archived: false,
    documents,
    guarantors: [],
    createdAt: created,
    lastUpdateAt: now - 86_400_000,
    grantIds: [],
    ...extra,
  });
  store.add({ id: 398, applicationType: 'ALONE' }, [
    tenant(413, 398, 'marie.dupont@example.org', 'Marie', 'Dupont', fullSet(5000, 'VALIDATED'), {
      guarantors: [{ id: 701, firstName: 'Jean', lastName: 'Dupont', typeGuarantor: 'NATURAL_PERSON', documents: [doc(6001, 'IDENTIFICATION', 'FRENCH_PASSPORT', 'VALIDATED')] }],
    }),
  ]);
  const declined = fullSet(7100, 'VALIDATED');
  declined[2] = doc(7103, 'PROFESSIONAL', 'CDI_TRIAL', 'DECLINED', { deniedReason: "Le contrat de travail n'est pas signé" });
  store.add({ id: 470, applicationType: 'COUPLE' }, [
    tenant(520, 470, 'lucas.martin@example.org', 'Lucas', 'Martin', declined, { zipCode: '69003' }),
    tenant(521, 470, 'lea.martin@example.org', 'Léa', 'Martin', fullSet(7200, 'TO_PROCESS'), { zipCode: '69003', tenantType: 'JOIN' }),
  ]);
  store.add({ id: 480, applicationType: 'ALONE' }, [
    tenant(530, 480, 'samir.benali@example.org', 'Samir', 'Benali', fullSet(7300, 'TO_PROCESS'), { validatesAt: now + checkDurationMs }),
  ]);
  store.add({ id: 490, applicationType: 'ALONE' }, [
    tenant(540, 490, 'chloe.petit@example.org', 'Chloé', 'Petit', fullSet(7400, 'TO_PROCESS').slice(0, 3), { honorDeclaration: false }),
  ]);
}
