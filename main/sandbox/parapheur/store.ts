import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SimClock, formatParisIso } from './clock.js';
import { demoCircuits, demoSubscribers, demoUsers } from './demo.js';
import {
  SYSTEM_ACTOR,
  OTP_ACTOR,
  actOnDocument,
  catchUp,
  formatHistory,
  isWaitingForOtp,
  pushEntry,
  sendCurrentStep,
  type CirculatingDocument,
  type EngineContext,
} from './history.js';
import type { MultipartFile } from './multipart.js';
import { xmlEscape } from './xml.js';
import type { RemainingKind, SimAttachment, SimCircuit, SimDocument, SimOtpSigner, SimStep, SimSubscriber, SimUser } from './types.js';

/** In-memory state of the simulated FAST tenant; deposited files live under <dataDir>/files. */

export interface DocRecord extends CirculatingDocument {
  siren: string;
  circuitId: string;
  circuitName: string;
  onDemand: boolean;
  label: string;
  comment: string;
  fileName: string;
  contentType: string;
  sha256: string;
  size: number;
  path: string;
  annexes: SimAttachment[];
  pictograms: string | null;
  recipients: string[];
  cc: string[];
  agents: string[];
  depositor: string;
  depositedAtMs: number;
  metadata: { name: string; value: string }[];
  referer: string | null;
  deleted: boolean;
}

interface RemainingItem {
  siren: string;
  content: string;
  downloaded: boolean;
}

export interface NewDocument {
  siren: string;
  circuit: SimCircuit;
  steps: SimStep[];
  onDemand: boolean;
  label: string;
  comment: string;
  file: MultipartFile;
  annexes: MultipartFile[];
  pictograms: string | null;
  recipients: string[];
  cc: string[];
  agents: string[];
  depositor: string;
  referer: string | null;
  otpInformation: SimOtpSigner[] | null;
}

interface PersistedState {
  version: 1;
  nextId: number;
  uploads: number;
  simNow: number;
  users: SimUser[];
  docs: DocRecord[];
  remaining: [RemainingKind, [string, RemainingItem][]][];
  lastPoll: [string, number][];
  violations: { docId: string; at: string }[];
}

export const POLL_INTERVAL_MS = 30 * 60 * 1000;

export class ParapheurStore {
  readonly clock: SimClock;
  readonly users = new Map<string, SimUser>();
  readonly subscribers = new Map<string, SimSubscriber>();
  readonly circuits: SimCircuit[];
  readonly docs = new Map<string, DocRecord>();
  readonly filesDir: string;
  readonly incomingDir: string;
  autoAdvance: boolean;
  stepDelayMinutes: number;
  private nextId = 320074101;
  uploads = 0;
  private readonly remaining = new Map<RemainingKind, Map<string, RemainingItem>>([
    ['ack', new Map()],
    ['pes-retour', new Map()],
    ['chorus', new Map()],
  ]);
  private readonly lastPoll = new Map<string, number>();
  readonly violations: { docId: string; at: string }[] = [];
  readonly engine: EngineContext;

  /** <dataDir>/state.json when persistence is on, so Sandbox mode survives an app restart. */
  private readonly statePath: string | null;
  private saveTimer: NodeJS.Timeout | null = null;
  /** Bumped by every write: an older background write never replaces a newer state. */
  private saveGeneration = 0;

  constructor(opts: { dataDir: string; clock: SimClock; autoAdvance: boolean; stepDelayMinutes: number; persist?: boolean }) {
    this.clock = opts.clock;
    this.statePath = opts.persist === false ? null : join(opts.dataDir, 'state.json');
    this.autoAdvance = opts.autoAdvance;
    this.stepDelayMinutes = opts.stepDelayMinutes;
    this.filesDir = join(opts.dataDir, 'files');
    this.incomingDir = join(this.filesDir, 'incoming');
    mkdirSync(this.incomingDir, { recursive: true });
    for (const s of demoSubscribers) this.subscribers.set(s.siren, { ...s });
    for (const user of demoUsers()) this.users.set(user.email.toLowerCase(), user);
    this.circuits = demoCircuits();
    this.engine = {
      user: (email) => this.users.get(email.trim().toLowerCase()),
      stepDelayMs: () => this.clock.duration(this.stepDelayMinutes * 60_000),
      onCompleted: (doc, at) => {
        if (doc.circuitType === 'HELIOS_AVEC_TELETRANSMISSION') this.addRemaining('ack', doc.id, at);
      },
    };
    this.load();
  }

  private load(): void {
    if (!this.statePath || !existsSync(this.statePath)) return;
    let state: PersistedState;
    try {
      state = JSON.parse(readFileSync(this.statePath, 'utf8')) as PersistedState;
    } catch {
      return; // a corrupt sandbox state is simply started afresh
    }
    if (state.version !== 1) return;
    this.nextId = state.nextId;
    this.uploads = state.uploads;
    this.clock.ensureAtLeast(state.simNow);
    this.users.clear();
    for (const u of state.users) this.users.set(u.email.toLowerCase(), u);
    for (const d of state.docs) this.docs.set(d.id, d);
    for (const [kind, items] of state.remaining) {
      const map = this.remaining.get(kind);
      if (map) for (const [id, item] of items) map.set(id, item);
    }
    for (const [id, at] of state.lastPoll) this.lastPoll.set(id, at);
    this.violations.push(...state.violations);
  }

  /**
   * Schedules a save of the state (debounced: many requests, one write). The simulator runs inside
   * Guichet's main process in Sandbox mode: the file is written asynchronously there.
   */
  markDirty(): void {
    if (!this.statePath || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.saveInBackground();
    }, 200);
    this.saveTimer.unref();
  }

  private serializedState(): string {
    const state: PersistedState = {
      version: 1,
      nextId: this.nextId,
      uploads: this.uploads,
      simNow: this.now(),
      users: [...this.users.values()],
      docs: [...this.docs.values()],
      remaining: [...this.remaining].map(([kind, map]) => [kind, [...map]]),
      lastPoll: [...this.lastPoll],
      violations: this.violations,
    };
    return JSON.stringify(state);
  }

  private async saveInBackground(): Promise<void> {
    if (!this.statePath) return;
    const generation = ++this.saveGeneration;
    const tmp = `${this.statePath}.${generation}.tmp`;
    try {
      await writeFile(tmp, this.serializedState());
      // A later write (or the final flush) may have happened meanwhile: it wins.
      if (generation === this.saveGeneration) await rename(tmp, this.statePath);
      else rmSync(tmp, { force: true });
    } catch {
      // the data dir may be gone (tests clean up); losing sandbox state is harmless
      rmSync(tmp, { force: true });
    }
  }

  /** Writes the state now, synchronously (at stop). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.statePath) return;
    const generation = ++this.saveGeneration;
    try {
      const tmp = `${this.statePath}.${generation}.tmp`;
      writeFileSync(tmp, this.serializedState());
      renameSync(tmp, this.statePath);
    } catch {
      // the data dir may be gone (tests clean up); losing sandbox state is harmless
    }
  }

  now(): number {
    return this.clock.now();
  }

  snapshotNow(): string {
    return formatParisIso(this.now());
  }

  user(email: string): SimUser | undefined {
    return this.users.get(email.trim().toLowerCase());
  }

  circuit(siren: string, id: string): SimCircuit | undefined {
    return this.circuits.find((c) => c.siren === siren && c.id === id);
  }

  canDeposit(user: SimUser, circuit: SimCircuit): boolean {
    return circuit.depositors.some((d) => d.toLowerCase() === user.email.toLowerCase());
  }

  isDuplicate(circuitId: string, siren: string, label: string, fileName: string): boolean {
    for (const d of this.docs.values()) {
      if (!d.deleted && d.siren === siren && d.circuitId === circuitId && d.label === label && d.fileName === fileName) return true;
    }
    return false;
  }

  /** PES flows are unique by file name (nomfic) in a circuit, whatever the label. */
  hasFileName(circuitId: string, siren: string, fileName: string): boolean {
    for (const d of this.docs.values()) {
      if (!d.deleted && d.siren === siren && d.circuitId === circuitId && d.fileName === fileName) return true;
    }
    return false;
  }

  /** See ParapheurControl.restartNumbering. */
  restartNumbering(nextId: string): void {
    if (!/^\d{1,15}$/.test(nextId)) throw new Error('nextId must be a document id');
    this.nextId = Number(nextId);
  }

  /** Files the document: moves its parts under files/<id>/ and writes the first history entries. */
  create(input: NewDocument): DocRecord {
    const id = String(this.nextId++);
    const dir = join(this.filesDir, id);
    // An id handed out again after a numbering restart: the earlier document is forgotten with its files.
    if (this.docs.delete(id)) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const move = (f: MultipartFile, index: number): string => {
      const target = join(dir, `${index}-${safeStoredName(f.fileName)}`);
      renameSync(f.path, target);
      return target;
    };
    const now = this.now();
    const lowerLabel = `${input.label} ${input.file.fileName}`.toLowerCase();
    const doc: DocRecord = {
      id,
      siren: input.siren,
      circuitId: input.circuit.id,
      circuitName: input.circuit.name,
      circuitType: input.circuit.type,
      onDemand: input.onDemand,
      label: input.label,
      comment: input.comment,
      fileName: input.file.fileName,
      contentType: input.file.contentType,
      sha256: input.file.sha256,
      size: input.file.size,
      path: move(input.file, 0),
      annexes: input.annexes.map((a, i) => ({ fileName: a.fileName, sha256: a.sha256, size: a.size, path: move(a, i + 1) })),
      pictograms: input.pictograms,
      recipients: input.recipients,
      cc: input.cc,
      agents: input.agents,
      depositor: input.depositor,
      depositedAtMs: now,
      metadata: [],
      referer: input.referer,
      deleted: false,
      steps: input.steps.map((s) => ({ kind: s.kind, members: [...s.members] })),
      currentStep: 0,
      sent: false,
      status: 'open',
      refusalComment: null,
      classify: input.circuit.classify,
      entries: [],
      otpInformation: null,
      nextActionAt: null,
      autoRefuse: /refus/.test(lowerLabel),
    };
    pushEntry(doc, 'Préparé', SYSTEM_ACTOR, now);
    if (input.otpInformation) this.defineOtpInformation(doc, input.otpInformation, now);
    if (this.autoAdvance) {
      sendCurrentStep(doc, now);
      doc.nextActionAt = isWaitingForOtp(doc) ? null : now + this.clock.duration(this.stepDelayMinutes * 60_000);
    }
    this.docs.set(id, doc);
    this.uploads++;
    return doc;
  }

  /** Document with its automatic actions played up to now. Deleted documents are returned too. */
  get(id: string): DocRecord | undefined {
    const doc = this.docs.get(id);
    if (doc && !doc.deleted && this.autoAdvance) catchUp(this.engine, doc, this.now());
    return doc;
  }

  act(id: string, action: 'approve' | 'refuse', comment?: string): DocRecord {
    const doc = this.get(id);
    if (!doc || doc.deleted) throw new Error(`unknown document ${id}`);
    const last = doc.entries[doc.entries.length - 1];
    const at = Math.max(this.now(), last?.at ?? 0);
    actOnDocument(this.engine, doc, action, at, comment);
    if (this.autoAdvance && doc.status === 'open') doc.nextActionAt = isWaitingForOtp(doc) ? null : at + this.clock.duration(this.stepDelayMinutes * 60_000);
    return doc;
  }

  openDocuments(): DocRecord[] {
    return [...this.docs.keys()].map((id) => this.get(id)!).filter((d) => !d.deleted && d.status === 'open');
  }

  setAutoAdvance(on: boolean): void {
    if (on === this.autoAdvance) return;
    const now = this.now();
    if (!on) {
      for (const d of this.openDocuments()) d.nextActionAt = null;
      this.autoAdvance = false;
      return;
    }
    this.autoAdvance = true;
    for (const d of this.docs.values()) {
      if (d.deleted || d.status !== 'open') continue;
      sendCurrentStep(d, now);
      d.nextActionAt = isWaitingForOtp(d) ? null : now + this.clock.duration(this.stepDelayMinutes * 60_000);
    }
  }

  defineMetadata(doc: DocRecord, items: { name: string; value: string }[]): void {
    for (const item of items) {
      const existing = doc.metadata.find((m) => m.name === item.name);
      if (existing) existing.value = item.value;
      else doc.metadata.push({ ...item });
    }
    pushEntry(doc, 'Métadonnées définies', SYSTEM_ACTOR, this.now());
  }

  defineOtpInformation(doc: DocRecord, signers: SimOtpSigner[], at = this.now()): void {
    doc.otpInformation = signers;
    pushEntry(doc, 'Informations OTP définies', OTP_ACTOR.replace(' ', '-'), at);
    if (this.autoAdvance && doc.status === 'open' && doc.steps[doc.currentStep]?.kind === 'otp' && doc.nextActionAt === null) {
      doc.nextActionAt = at + this.clock.duration(this.stepDelayMinutes * 60_000);
    }
  }

  delete(doc: DocRecord): void {
    doc.deleted = true;
    doc.nextActionAt = null;
    rmSync(join(this.filesDir, doc.id), { recursive: true, force: true });
  }

  /** Records a history poll; returns true when it breaks the 30-minute rule. */
  recordPoll(docId: string): boolean {
    const now = this.now();
    const previous = this.lastPoll.get(docId);
    this.lastPoll.set(docId, now);
    if (previous !== undefined && now - previous < this.clock.duration(POLL_INTERVAL_MS)) {
      this.violations.push({ docId, at: formatParisIso(now) });
      return true;
    }
    return false;
  }

  addRemaining(kind: RemainingKind, docId: string, at = this.now()): void {
    const doc = this.docs.get(docId);
    const siren = doc?.siren ?? [...this.subscribers.keys()][0]!;
    this.remaining.get(kind)!.set(docId, { siren, content: remainingXml(kind, docId, doc, at), downloaded: false });
  }

  remainingIds(kind: RemainingKind, siren: string): string[] {
    const out: string[] = [];
    for (const [id, item] of this.remaining.get(kind)!) if (item.siren === siren && !item.downloaded) out.push(id);
    return out;
  }

  /** The XML of a remaining item; downloading it takes it off the remaining list. */
  takeRemaining(kind: RemainingKind, docId: string): RemainingItem | undefined {
    const item = this.remaining.get(kind)!.get(docId);
    if (item) item.downloaded = true;
    return item;
  }

  peekRemaining(kind: RemainingKind, docId: string): RemainingItem | undefined {
    return this.remaining.get(kind)!.get(docId);
  }

  snapshot(doc: DocRecord): SimDocument {
    return {
      id: doc.id,
      siren: doc.siren,
      circuitId: doc.circuitId,
      circuitName: doc.circuitName,
      circuitType: doc.circuitType,
      onDemand: doc.onDemand,
      label: doc.label,
      comment: doc.comment,
      fileName: doc.fileName,
      contentType: doc.contentType,
      sha256: doc.sha256,
      size: doc.size,
      path: doc.path,
      annexes: doc.annexes.map((a) => ({ ...a })),
      pictograms: doc.pictograms,
      recipients: [...doc.recipients],
      cc: [...doc.cc],
      agents: [...doc.agents],
      depositor: doc.depositor,
      depositedAt: formatParisIso(doc.depositedAtMs),
      steps: doc.steps.map((s) => ({ kind: s.kind, members: [...s.members] })),
      currentStep: doc.currentStep,
      status: doc.status,
      refusalComment: doc.refusalComment,
      metadata: doc.metadata.map((m) => ({ ...m })),
      otpInformation: doc.otpInformation ? doc.otpInformation.map((o) => ({ ...o })) : null,
      referer: doc.referer,
      history: formatHistory(doc.entries),
      deleted: doc.deleted,
    };
  }
}

function safeStoredName(name: string): string {
  const cleaned = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]/g, '_').slice(-120);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'document' : cleaned;
}

function remainingXml(kind: RemainingKind, docId: string, doc: DocRecord | undefined, at: number): string {
  const date = formatParisIso(at);
  const nomFic = xmlEscape(doc?.fileName ?? `PES_${docId}.xml`);
  if (kind === 'ack') {
    return `<?xml version="1.0" encoding="UTF-8"?>
<PES_ACQUIT>
  <Enveloppe><Parametres><Version V="2"/><TypFic V="PESACQUIT"/><NomFic V="ACQUIT_${docId}.xml"/></Parametres></Enveloppe>
  <EnTetePES><DteStr V="${date.slice(0, 10)}"/><IdPost V="031000"/><LibellePoste V="TRESORERIE DE SANDBOX-SUR-LOIRE"/></EnTetePES>
  <ACQUIT>
    <ElementACQUIT><DomaineAck V="01"/><EtatAck V="1"/><NomFic V="${nomFic}"/><DateAck V="${date}"/><DocumentId V="${docId}"/></ElementACQUIT>
  </ACQUIT>
</PES_ACQUIT>
`;
  }
  if (kind === 'pes-retour') {
    return `<?xml version="1.0" encoding="UTF-8"?>
<PES_Retour>
  <Enveloppe><Parametres><Version V="2"/><TypFic V="PESRETOUR"/><NomFic V="PESRETOUR_${docId}.xml"/></Parametres></Enveloppe>
  <EnTetePES><DteStr V="${date.slice(0, 10)}"/><IdPost V="031000"/></EnTetePES>
  <PES_RecetteRetour><Bordereau><IdBord V="${docId}"/><MtBordHt V="1250.00"/></Bordereau></PES_RecetteRetour>
</PES_Retour>
`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<CPPFactureImport>
  <Identifiant>${docId}</Identifiant>
  <DateDepot>${date}</DateDepot>
  <Fournisseur><Raison>Papeterie Exemple SARL</Raison><Siret>73282932000074</Siret></Fournisseur>
  <Montant devise="EUR">480.00</Montant>
</CPPFactureImport>
`;
}
