import { safeLocalFileName } from '../files/localFileName.js';

/**
 * The name of an exported file inside the ZIP: `<provider>/<file name>`. The file name comes from a
 * provider (a depositor's file name, a report's title): separators, `..`, control and invisible
 * characters are replaced (safeLocalFileName), so an entry can never leave the folder it is unpacked
 * in; a name already used gets « (2) », « (3) »… before its extension.
 */
export function exportEntryName(provider: string, fileName: string, id: number, used: Set<string>): string {
  const folder = safeLocalFileName(provider, 'fichiers');
  const base = safeLocalFileName(fileName, `fichier-${id}`);
  const dot = base.lastIndexOf('.');
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : '';
  let name = `${folder}/${base}`;
  for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${folder}/${stem} (${n})${ext}`;
  used.add(name.toLowerCase());
  return name;
}
