import type Database from 'better-sqlite3';
import type { ParapheurServiceDeps } from './deps.js';
import type { ParapheurSession } from './parapheurConnection.js';

const kinds = ['ack', 'pes-retour', 'chorus'] as const;
type Kind = (typeof kinds)[number];

/**
 * "Collecter": downloads every Hélios acknowledgement, PES retour and Chorus file FAST still holds
 * for the SIREN into the archive. Idempotent: an item already in the archive is not fetched again,
 * and each item is recorded as soon as its blob is on disk.
 */
export function createOutputsCollector(deps: ParapheurServiceDeps, db: Database.Database) {
  const now = deps.clocks.now;
  const has = db.prepare<{ environment: string; siren: string; kind: string; document_id: string }, { n: number }>(
    'SELECT count(*) AS n FROM parapheur_collected WHERE environment = @environment AND siren = @siren AND kind = @kind AND document_id = @document_id',
  );
  const insert = db.prepare(
    'INSERT OR IGNORE INTO parapheur_collected (environment, siren, kind, document_id, blob_sha256, size, collected_at) VALUES (@environment, @siren, @kind, @document_id, @blob_sha256, @size, @collected_at)',
  );

  async function remaining(session: ParapheurSession): Promise<Record<Kind, string[]>> {
    const out = {} as Record<Kind, string[]>;
    for (const kind of kinds) out[kind] = await session.client.remaining(kind);
    return out;
  }

  return {
    remaining,
    async run(session: ParapheurSession) {
      const lists = await remaining(session);
      const scope = { environment: session.environment, siren: session.siren };
      const items = kinds.flatMap((kind) => lists[kind].map((id) => ({ kind, id })));
      let downloaded = 0;
      let alreadyHad = 0;
      let failed = 0;
      let done = 0;
      deps.bus.emit('parapheur.collect.progress', { done, total: items.length });
      for (const { kind, id } of items) {
        try {
          if (has.get({ ...scope, kind, document_id: id })!.n > 0) {
            alreadyHad++;
          } else {
            const d = await session.client.downloadRemaining(kind, id);
            const blob = await deps.blobs.putStream(d.stream, { mediaType: d.contentType || 'application/xml', maxBytes: 512 * 1024 ** 2 });
            insert.run({ ...scope, kind, document_id: id, blob_sha256: blob.sha256, size: blob.size, collected_at: now().toISOString() });
            downloaded++;
          }
        } catch (error) {
          failed++;
          deps.logger.warn('collect item failed', { kind, id, error: (error as Error).message });
        }
        done++;
        deps.bus.emit('parapheur.collect.progress', { done, total: items.length });
      }
      if (downloaded > 0) {
        deps.journal.append({
          actor: 'agent',
          action: 'parapheur.collect',
          provider: 'parapheur',
          summary: {
            key: 'parapheur:activity.summaries.collected',
            params: { count: downloaded, ack: lists.ack.length, pesRetour: lists['pes-retour'].length, chorus: lists.chorus.length },
          },
        });
      }
      return { downloaded, alreadyHad, failed };
    },
    list(scope: { environment: string; siren: string }) {
      return (
        db
          .prepare('SELECT kind, document_id, blob_sha256, size, collected_at FROM parapheur_collected WHERE environment = @environment AND siren = @siren ORDER BY collected_at DESC')
          .all(scope) as { kind: Kind; document_id: string; blob_sha256: string; size: number; collected_at: string }[]
      ).map((r) => ({ kind: r.kind, documentId: r.document_id, blob: r.blob_sha256, size: r.size, collectedAt: r.collected_at }));
    },
  };
}
