import type Database from 'better-sqlite3';
import { z } from 'zod';
import { depositMetadataEntrySchema, type Circuit, type FileKind } from '../../../../shared/domain/parapheur.js';
import { bySchema, storedListOf } from './storedList.js';
import { sanitizeCircuitId } from '../normalize.js';
import type { ParapheurSession } from './parapheurConnection.js';

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

const exportedCircuit = z.object({ circuitId: z.union([z.string(), z.number()]), circuitName: z.string().optional() }).passthrough();

/**
 * The circuits a clerk files into. FAST has no REST listing: they come from exportUsersData (and the
 * simulator's listing), and the clerk can add, name and pin circuit ids by hand. Kept per environment
 * and SIREN, with the last label and recipients used for each.
 */
export function createCircuitBook(db: Database.Database, now: () => Date) {
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
      const listed = await session.client.listCircuits();
      for (const c of listed ?? []) {
        const extra = listedCircuitExtras.safeParse(c.raw);
        if (extra.success && extra.data.onDemand) continue;
        const accepts = (extra.success && extra.data.accepts?.length ? extra.data.accepts : acceptsByType[c.circuitType ?? ''] ?? ['pdf']) as FileKind[];
        const stepCount = extra.success && extra.data.steps ? extra.data.steps.length : null;
        found.set(c.circuitId, { name: c.circuitName, accepts, stepCount });
      }
      // exportUsersData lists the circuits where the certificate's user is authorised (when FAST sends them).
      const users = session.certificateEmail ? await session.client.exportUsersData().catch(() => []) : [];
      for (const u of users.filter((x) => x.email.toLowerCase() === session.certificateEmail)) {
        for (const raw of u.circuits ?? []) {
          const parsed = exportedCircuit.safeParse(raw);
          if (!parsed.success) continue;
          const depositor = (parsed.data.habilitations as { profil?: string }[] | undefined)?.some((h) => h.profil === 'AGENT' || h.profil === 'CERTIFICAT');
          if (parsed.data.habilitations && !depositor) continue;
          const id = String(parsed.data.circuitId);
          if (!found.has(id) && id !== 'circuit-a-la-volee') {
            found.set(id, { name: parsed.data.circuitName ?? id, accepts: ['pdf'], stepCount: null });
          }
        }
      }
      const at = now().toISOString();
      db.transaction(() => {
        for (const [id, c] of found) upsertProvider.run({ ...scope, id, name: c.name, accepts: c.accepts.join(','), step_count: c.stepCount, now: at });
      })();
      return list.all(scope).map(toCircuit);
    },
  };
}
export type CircuitBook = ReturnType<typeof createCircuitBook>;
