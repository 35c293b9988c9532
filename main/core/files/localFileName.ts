/**
 * Bidirectional overrides, isolates and marks, and zero-width characters. Invisible on screen, they
 * make a name read otherwise than it is: `facture\u202Efdp.exe` shows as « facture exe.pdf ». They
 * are removed from every name Guichet stages, shows, serves or writes.
 */
const invisibleCharacters = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

export function withoutInvisibleCharacters(name: string): string {
  return name.replace(invisibleCharacters, '');
}

/**
 * Device names Windows reserves whatever the extension, superscript digits included (`COM¹`,
 * `LPT²` open the port as `COM1`, `LPT2` do).
 */
const reserved = /^(con|prn|aux|nul|com[0-9\u00B9\u00B2\u00B3]|lpt[0-9\u00B9\u00B2\u00B3])(\..*)?$/i;

/**
 * A file name that every desktop accepts for a copy written on the clerk's disk: no separators,
 * no characters Windows forbids, no control or invisible characters, no reserved device names, no
 * trailing dot or space, at most 180 characters. Accents and spaces are kept: it is the clerk's own name.
 */
export function safeLocalFileName(name: string, fallback = 'document.pdf'): string {
  // eslint-disable-next-line no-control-regex
  let clean = withoutInvisibleCharacters(name.normalize('NFC')).replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '').trim();
  if (clean === '' || clean === '.' || clean === '..') clean = fallback;
  if (reserved.test(clean)) clean = `_${clean}`;
  if (clean.length > 180) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = clean.slice(0, 180 - ext.length) + ext;
  }
  return clean;
}
