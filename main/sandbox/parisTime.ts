/**
 * Wall-clock time in Europe/Paris, whatever the machine's zone: the real services write their dates
 * (FAST's history and routing sheets, DossierFacile's local date-times) in French time, so the
 * simulators do too. Without it a simulator on a UTC machine would print times an hour off the app's.
 */

export interface ParisParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** `+01:00` or `+02:00`. */
  offset: string;
}

let parisFormat: Intl.DateTimeFormat | null = null;

export function parisParts(ms: number): ParisParts {
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
  return {
    year: parts['year'] ?? '',
    month: parts['month'] ?? '',
    day: parts['day'] ?? '',
    hour: parts['hour'] ?? '',
    minute: parts['minute'] ?? '',
    second: parts['second'] ?? '',
    offset: (parts['timeZoneName'] ?? 'GMT').replace('GMT', '') || '+00:00',
  };
}

/** ISO-8601 with the Europe/Paris offset, as FAST writes history dates (`2024-03-04T09:12:01+01:00`). */
export function formatParisIso(ms: number): string {
  const p = parisParts(ms);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.offset}`;
}

/** `04/03/2024 à 09:12`, Paris time, for generated PDFs. */
export function formatParisHuman(ms: number): string {
  const p = parisParts(ms);
  return `${p.day}/${p.month}/${p.year} à ${p.hour}:${p.minute}`;
}
