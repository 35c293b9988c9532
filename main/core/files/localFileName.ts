/**
 * A file name that every desktop accepts for a copy written on the clerk's disk: no separators,
 * no characters Windows forbids, no control characters, no reserved device names, no trailing dot
 * or space, at most 180 characters. Accents and spaces are kept: it is the clerk's own name.
 */
const reserved = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

export function safeLocalFileName(name: string, fallback = 'document.pdf'): string {
  // eslint-disable-next-line no-control-regex
  let clean = name.normalize('NFC').replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '').trim();
  if (clean === '' || clean === '.' || clean === '..') clean = fallback;
  if (reserved.test(clean)) clean = `_${clean}`;
  if (clean.length > 180) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = clean.slice(0, 180 - ext.length) + ext;
  }
  return clean;
}
