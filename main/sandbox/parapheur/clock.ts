export { SimClock } from '../simClock.js';

let parisFormat: Intl.DateTimeFormat | null = null;

/** ISO-8601 with the Europe/Paris offset, as FAST writes history dates (`2024-03-04T09:12:01+01:00`). */
export function formatParisIso(ms: number): string {
  try {
    parisFormat ??= new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    const parts: Record<string, string> = {};
    for (const p of parisFormat.formatToParts(new Date(ms))) parts[p.type] = p.value;
    const off = (parts['timeZoneName'] ?? 'GMT').replace('GMT', '') || '+00:00';
    return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}${off}`;
  } catch {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

/** `04/03/2024 à 09:12` for generated PDFs. */
export function formatParisHuman(ms: number): string {
  const iso = formatParisIso(ms);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]} à ${m[4]}:${m[5]}` : iso;
}
