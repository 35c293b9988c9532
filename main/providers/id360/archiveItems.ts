import type Database from 'better-sqlite3';
import type { ArchiveContributor, ArchiveContributorContext, ArchiveItemInput } from '../../core/archive/archiveItem.js';
import { USER_REPORT_KEEPS_MS, applicationRetention, reportUntilOf, type Retention } from './service/enrollmentStore.js';

interface KeptRow {
  local_id: number;
  kind: string;
  document_type: string;
  document_name: string;
  page: number;
  blob_sha256: string;
  size: number | null;
  media_type: string | null;
  fetched_at: string | null;
  environment: string;
  enrollment_id: string;
  process_name: string | null;
  client_reference: string | null;
  person_json: string | null;
  status: string;
  created_at: string;
  finished_at: string | null;
  provider_until: string;
}

const extensions: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/json': '.json',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'application/vnd.etsi.asic-e+zip': '.asice',
};

function person(json: string | null): { name: string; values: string[] } {
  try {
    const p = JSON.parse(json ?? '{}') as Record<string, unknown>;
    const values = Object.values(p).filter((v): v is string => typeof v === 'string');
    const name = [p['first_name'], p['last_name']].filter((v) => typeof v === 'string' && v).join(' ');
    return { name, values };
  } catch {
    return { name: '', values: [] };
  }
}

/**
 * ID360's kept files for the one Archive: verified reports (JSON and PDF), the documents and the
 * idClaim, each « encore disponible chez ID360 jusqu'au » its own deadline: a document's 7 days
 * (provider_until), the report's per the configured account kind (docs/providers/id360.md#retention).
 */
export const id360Archive: ArchiveContributor = {
  *items(db: Database.Database, context?: ArchiveContributorContext): Iterable<ArchiveItemInput> {
    const userAccount = context?.settings().providers.id360.accountKind === 'user';
    const ruleOf = (environment: string): Retention =>
      userAccount && context ? { userAccount, userReportKeepsMs: context.clocks.of(environment).realMs(USER_REPORT_KEEPS_MS) } : applicationRetention;
    const rows = db
      .prepare(
        `SELECT k.local_id, k.kind, k.document_type, k.document_name, k.page, k.blob_sha256, k.size, k.media_type, k.fetched_at,
                e.environment, e.enrollment_id, e.process_name, e.client_reference, e.person_json, e.status, e.created_at, e.finished_at, e.provider_until
           FROM id360_kept_files k JOIN id360_enrollments e ON e.local_id = k.local_id
          WHERE k.blob_sha256 IS NOT NULL`,
      )
      .iterate() as Iterable<KeptRow>;
    for (const r of rows) {
      const who = person(r.person_json);
      const kind = r.kind === 'report_json' || r.kind === 'report_pdf' ? 'report' : r.kind;
      const ext = extensions[r.media_type ?? ''] ?? '';
      const part = [r.kind, r.document_type, r.page ? String(r.page) : ''].filter(Boolean).join('-');
      yield {
        key: `kept:${r.local_id}:${r.kind}:${r.document_type}:${r.document_name}:${r.page}`,
        kind,
        environment: r.environment,
        title: r.document_name || who.name || r.client_reference || r.enrollment_id,
        fileName: `id360-${r.enrollment_id}-${part}${ext}`,
        labels: [r.process_name, r.document_type, r.status],
        people: who.values,
        reference: [r.enrollment_id, r.client_reference],
        mediaType: r.media_type,
        size: r.size,
        sha256: r.blob_sha256,
        createdAt: r.created_at,
        archivedAt: r.fetched_at ?? r.created_at,
        availableUntil:
          r.kind === 'document'
            ? r.provider_until
            : reportUntilOf({ status: r.status, createdAt: r.created_at, finishedAt: r.finished_at, providerUntil: r.provider_until }, ruleOf(r.environment)),
        journal: [{ objectType: 'enrollment', objectId: r.enrollment_id }],
      };
    }
  },
};
