import type Database from 'better-sqlite3';
import { z } from 'zod';
import { depositMetadataEntrySchema, onDemandCircuitId, type Circuit, type FileKind } from '../../../../shared/domain/parapheur.js';
import { bySchema, storedListOf } from './storedList.js';
import { sanitizeCircuitId } from '../normalize.js';
import type { ParapheurSession } from './parapheurConnection.js';
import type { ParapheurUser } from '../client.js';
import { parapheurErrorCodes } from '../errors.js';
import { isGuichetError } from '../../../../shared/ipc/errors.js';

interface CircuitRow {
  environment: string;
  siren: string;
  id: string;
  name: string;
  accepts: string;
  step_count: number | null;
  pinned: number;
  source: 'provider' | 'manual';
  last_label: string | null;
  last_recipients: string | null;
  last_metadata_names: string | null;
  updated_at: string;
}

type Scope = { environment: string; siren: string };

const acceptsByType: Record<string, FileKind[]> = {
  BUREAUTIQUE_PDF: ['pdf'],
  BUREAUTIQUE_XML: ['xml'],
  HELIOS_AVEC_TELETRANSMISSION: ['xml'],
  HELIOS_SANS_TELETRANSMISSION: ['xml'],
};

const listedCircuitExtras = z
  .object({
    accepts: z.array(z.enum(['pdf', 'xml', 'zip', 'any'])).optional(),
    steps: z.array(z.object({ kind: z.string() })).optional(),
    onDemand: z.boolean().optional(),
  })
  .passthrough();

const exportedCircuit = z
  .object({
    circuitId: z.union([z.string(), z.number()]),
    circuitName: z.string().nullish(),
    habilitations: z.array(z.unknown()).nullish(),
  })
  .passthrough();

/** The profile labels of one exported circuit (`habilitations[].profil`), whatever their wording. */
function profileLabels(habilitations: readonly unknown[] | null | undefined): string[] {
  const labels = (habilitations ?? []).map((h) => (h && typeof h === 'object' ? (h as { profil?: unknown }).profil : undefined));
  return [...new Set(labels.filter((l): l is string => typeof l === 'string' && l.trim() !== '').map((l) => l.trim().slice(0, 100)))].slice(0, 20);
}

/** Refusals that concern the clerk's access as a whole: never swallowed, whatever else answered. */
const blockingCodes: ReadonlySet<string> = new Set([
  parapheurErrorCodes.certRefused,
  parapheurErrorCodes.forbiddenSiren,
  parapheurErrorCodes.unknownSiren,
]);

/**
 * The user export, for the circuits it names. When the simulator's listing already answered, an
 * export that fails for a reason of its own (an older server without it) only costs the profile
 * labels; a refused access, or a failure with nothing else to go on, reaches the clerk.
 */
async function exportedUsers(session: ParapheurSession, listingAnswered: boolean): Promise<ParapheurUser[]> {
  try {
    return await session.client.exportUsersData();
  } catch (error) {
    if (!listingAnswered || (isGuichetError(error) && blockingCodes.has(error.code))) throw error;
    return [];
  }
}

/**
 * The circuits a clerk files into. FAST has no REST listing: they come from exportUsersData (and the
 * simulator's listing), and the clerk can add, name and pin circuit ids by hand. Kept per environment
 * and SIREN, with the last label and recipients used for each.
 */
export function createCircuitBook(db: Database.Database, now: () => Date) {
  // Profile labels from the last refresh of this run: information only, not worth a column.
  const profilesByCircuit = new Map<string, string[]>();
  const profileKey = (r: { environment: string; siren: string; id: string }) => `${r.environment}\n${r.siren}\n${r.id}`;
  const toCircuit = (r: CircuitRow): Circuit => ({
    id: r.id,
    name: r.name,
    accepts: r.accepts.split(',').filter(Boolean) as FileKind[],
    stepCount: r.step_count,
    pinned: r.pinned === 1,
    source: r.source,
    lastLabel: r.last_label,
    lastRecipients: r.last_recipients,
    // Unreadable entries are no suggestion rather than a broken circuit list.
    lastMetadataNames: storedListOf(r.last_metadata_names, bySchema(depositMetadataEntrySchema.shape.name)),
    profiles: profilesByCircuit.get(profileKey(r)) ?? [],
  });
  const upsertProvider = db.prepare(`
    INSERT INTO parapheur_circuits (environment, siren, id, name, accepts, step_count, pinned, source, updated_at)
    VALUES (@environment, @siren, @id, @name, @accepts, @step_count, 0, 'provider', @now)
    ON CONFLICT (environment, siren, id) DO UPDATE SET
      name = CASE WHEN parapheur_circuits.source = 'manual' THEN parapheur_circuits.name ELSE excluded.name END,
      accepts = CASE WHEN parapheur_circuits.source = 'manual' THEN parapheur_circuits.accepts ELSE excluded.accepts END,
      step_count = coalesce(excluded.step_count, parapheur_circuits.step_count),
      updated_at = excluded.updated_at`);
  const upsertManual = db.prepare(`
    INSERT INTO parapheur_circuits (environment, siren, id, name, accepts, step_count, pinned, source, updated_at)
    VALUES (@environment, @siren, @id, @name, @accepts, @step_count, @pinned, 'manual', @now)
    ON CONFLICT (environment, siren, id) DO UPDATE SET
      name = excluded.name, accepts = excluded.accepts, step_count = excluded.step_count, pinned = excluded.pinned,
      source = 'manual', updated_at = excluded.updated_at`);
  const list = db.prepare<Scope, CircuitRow>('SELECT * FROM parapheur_circuits WHERE environment = @environment AND siren = @siren ORDER BY pinned DESC, name COLLATE NOCASE');
  const one = db.prepare<Scope & { id: string }, CircuitRow>('SELECT * FROM parapheur_circuits WHERE environment = @environment AND siren = @siren AND id = @id');

  return {
    list(scope: Scope): Circuit[] {
      return list.all(scope).map(toCircuit);
    },
    get(scope: Scope, id: string): Circuit | null {
      const row = one.get({ ...scope, id });
      return row ? toCircuit(row) : null;
    },
    save(scope: Scope, c: { id: string; name: string; accepts: FileKind[]; stepCount: number | null; pinned: boolean }): Circuit {
      const id = sanitizeCircuitId(c.id);
      upsertManual.run({ ...scope, id, name: c.name.trim() || id, accepts: c.accepts.join(','), step_count: c.stepCount, pinned: c.pinned ? 1 : 0, now: now().toISOString() });
      return toCircuit(one.get({ ...scope, id })!);
    },
    remove(scope: Scope, id: string) {
      db.prepare('DELETE FROM parapheur_circuits WHERE environment = @environment AND siren = @siren AND id = @id').run({ ...scope, id });
    },
    remember(scope: Scope, id: string, label: string, recipients: string, metadataNames: readonly string[] = []) {
      db.prepare(
        `UPDATE parapheur_circuits SET last_label = @label, last_recipients = @recipients, last_metadata_names = @names
         WHERE environment = @environment AND siren = @siren AND id = @id`,
      ).run({ ...scope, id, label, recipients, names: metadataNames.length ? JSON.stringify(metadataNames) : null });
    },
    /** Asks FAST which circuits this certificate may deposit into. */
    async refresh(session: ParapheurSession): Promise<Circuit[]> {
      const scope = { environment: session.environment, siren: session.siren };
      const found = new Map<string, { name: string; accepts: FileKind[]; stepCount: number | null }>();
      const profiles = new Map<string, string[]>();
      const listed = await session.client.listCircuits();
      for (const c of listed ?? []) {
        const extra = listedCircuitExtras.safeParse(c.raw);
        if (extra.success && extra.data.onDemand) continue;
        const accepts = (extra.success && extra.data.accepts?.length ? extra.data.accepts : acceptsByType[c.circuitType ?? ''] ?? ['pdf']) as FileKind[];
        const stepCount = extra.success && extra.data.steps ? extra.data.steps.length : null;
        found.set(c.circuitId, { name: c.circuitName, accepts, stepCount });
      }
      // exportUsersData names the circuits the certificate's user appears in (when FAST sends them).
      // Every one is listed: profile labels differ between FAST versions (AGENT, DEPOSANT, CERTIFICAT…)
      // and `circuits` itself is optional (reference.md), so a label never hides a circuit; it is shown.
      const users = session.certificateEmail ? await exportedUsers(session, listed !== null) : [];
      for (const u of users.filter((x) => x.email.toLowerCase() === session.certificateEmail)) {
        for (const raw of u.circuits ?? []) {
          const parsed = exportedCircuit.safeParse(raw);
          if (!parsed.success) continue;
          const id = String(parsed.data.circuitId).trim();
          if (id === '' || id === onDemandCircuitId) continue;
          profiles.set(id, [...new Set([...(profiles.get(id) ?? []), ...profileLabels(parsed.data.habilitations)])]);
          if (!found.has(id)) found.set(id, { name: parsed.data.circuitName?.trim() || id, accepts: ['pdf'], stepCount: null });
        }
      }
      const at = now().toISOString();
      db.transaction(() => {
        for (const [id, c] of found) upsertProvider.run({ ...scope, id, name: c.name, accepts: c.accepts.join(','), step_count: c.stepCount, now: at });
      })();
      for (const key of [...profilesByCircuit.keys()]) if (key.startsWith(profileKey({ ...scope, id: '' }))) profilesByCircuit.delete(key);
      for (const [id, labels] of profiles) if (labels.length > 0) profilesByCircuit.set(profileKey({ ...scope, id }), labels);
      return list.all(scope).map(toCircuit);
    },
  };
}
export type CircuitBook = ReturnType<typeof createCircuitBook>;
