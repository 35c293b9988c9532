import type { DfcAccess } from '../../../shared/domain/dossierfacile.js';
import type { DfcText } from './i18n/index.js';

/** The badge tone of a status DossierFacile gives (open: an unknown one is neutral). */
export function statusTone(status: string): 'success' | 'info' | 'warning' | 'error' | 'neutral' {
  switch (status) {
    case 'VALIDATED':
      return 'success';
    case 'TO_PROCESS':
    case 'COMPLETED':
      return 'info';
    case 'INCOMPLETE':
      return 'warning';
    case 'DECLINED':
      return 'error';
    default:
      return 'neutral';
  }
}

export function statusLabel(text: DfcText, status: string): string {
  return text.txOr(`status.${status}`, status);
}

export function accessTone(access: DfcAccess): 'warning' | 'error' | 'success' {
  return access === 'active' ? 'success' : access === 'reconnect' ? 'warning' : 'error';
}

export function personName(row: { firstName: string | null; lastName: string | null; email: string | null; tenantId: number }): string {
  return [row.firstName, row.lastName].filter(Boolean).join(' ') || row.email || `n° ${row.tenantId}`;
}
