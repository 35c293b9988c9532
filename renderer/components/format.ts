import { formatByteSize } from '../../shared/format/byteSize.js';
import { i18next } from '../i18n/index.js';

/** Formatters every screen shares: sizes, dates, durations, shares of a transfer. */

/** File sizes in the clerk's units and language (Ko, Mo, Go in French). */
export function formatSize(bytes: number, intlLocale: string): string {
  return formatByteSize(bytes, intlLocale, (unit, value) => i18next.t(`size.${unit}`, { value }));
}

export function formatDateTime(iso: string | null | undefined, intlLocale: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(intlLocale, { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

export function formatDate(iso: string | null | undefined, intlLocale: string): string | null {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(intlLocale, { dateStyle: 'long' }).format(date);
}

export type WaitingParts =
  | { unit: 'lessThanMinute' }
  | { unit: 'minutes'; m: number }
  | { unit: 'hours'; h: number; m: number }
  | { unit: 'days'; d: number; h: number };

/** Splits an elapsed time the way a clerk reads it: minutes, then hours and minutes, then days and hours. */
export function waitingParts(elapsedMs: number): WaitingParts {
  const minutes = Math.floor(Math.max(0, elapsedMs) / 60_000);
  if (minutes < 1) return { unit: 'lessThanMinute' };
  if (minutes < 60) return { unit: 'minutes', m: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { unit: 'hours', h: hours, m: minutes % 60 };
  return { unit: 'days', d: Math.floor(hours / 24), h: hours % 24 };
}

/** Share of a transfer, 0–100, safe with unknown or zero totals. */
export function percent(done: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}
