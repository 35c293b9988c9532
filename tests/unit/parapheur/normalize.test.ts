import { describe, expect, it } from 'vitest';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { clerkMessage, saidBy } from '../../support/clerkText.js';
import {
  checkTextField,
  depositProviderFileName,
  parapheurApiBaseUrl,
  fileNameTimestamp,
  isProviderFileName,
  luhnValid,
  normalizeEmail,
  normalizeEmailList,
  parseEmailList,
  sanitizeCircuitId,
  sanitizeProviderFileName,
  toE164,
  uniqueProviderFileName,
  validateDocumentId,
  validateSiren,
} from '../../../main/providers/parapheur/normalize.js';

function errorOf(fn: () => unknown): GuichetError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GuichetError);
    return e as GuichetError;
  }
  throw new Error('expected an error');
}

describe('validateSiren', () => {
  it('accepts 9 digits with a valid Luhn key, grouped or not', () => {
    expect(validateSiren('732829320')).toBe('732829320');
    expect(validateSiren(' 732 829 320 ')).toBe('732829320');
    expect(validateSiren('356000000')).toBe('356000000'); // La Poste
  });
  it('explains a wrong length and a wrong key in French', () => {
    const short = errorOf(() => validateSiren('12345678'));
    expect(short.code).toBe('INVALID_INPUT');
    expect(clerkMessage(short)).toMatch(/9 chiffres/);
    const key = errorOf(() => validateSiren('732829321'));
    expect(clerkMessage(key)).toMatch(/clé de contrôle/);
    expect(clerkMessage(errorOf(() => validateSiren('73282932A')))).toMatch(/9 chiffres/);
  });
  it('implements Luhn', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Alice.Exemple@Example.FR ')).toBe('alice.exemple@example.fr');
  });
  it('refuses accents instead of silently changing the address', () => {
    const e = errorOf(() => normalizeEmail('andré@example.fr'));
    expect(clerkMessage(e)).toMatch(/accentués/);
    expect(clerkMessage(e)).toContain('andré@example.fr');
  });
  it('refuses malformed addresses', () => {
    for (const bad of ['', 'alice', 'alice@', '@example.fr', 'alice@example', 'a b@example.fr', 'alice@@example.fr']) {
      expect(() => normalizeEmail(bad)).toThrow(GuichetError);
    }
  });
});

describe('normalizeEmailList', () => {
  it('splits on commas, semicolons and spaces, de-duplicates and joins with ;', () => {
    expect(normalizeEmailList('A@x.fr, b@x.fr;c@x.fr  d@x.fr;;a@x.fr\n')).toBe('a@x.fr;b@x.fr;c@x.fr;d@x.fr');
    expect(normalizeEmailList(['a@x.fr', ' B@X.FR ; c@x.fr'])).toBe('a@x.fr;b@x.fr;c@x.fr');
    expect(normalizeEmailList(['a@x.fr', 'b@x.fr'], { separator: ',' })).toBe('a@x.fr,b@x.fr');
    expect(parseEmailList('')).toEqual([]);
  });
  it('enforces the 255-character limit', () => {
    const many = Array.from({ length: 30 }, (_, i) => `utilisateur${i}@example.fr`);
    expect(clerkMessage(errorOf(() => normalizeEmailList(many)))).toMatch(/255 caractères/);
  });
});

describe('checkTextField', () => {
  it('accepts 255 characters and refuses 256', () => {
    expect(checkTextField('x'.repeat(255), 'label')).toHaveLength(255);
    expect(clerkMessage(errorOf(() => checkTextField('x'.repeat(256), 'label')))).toMatch(/^Le libellé dépasse la limite de 255/);
    expect(saidBy(() => checkTextField('x'.repeat(256), 'label'), 'en')).toMatch(/^The label exceeds the 255-character limit set by FAST Parapheur \(256 characters\)/);
    expect(saidBy(() => normalizeEmailList(Array.from({ length: 30 }, (_, i) => `agent${i}@example.fr`), { field: 'agents' }), 'en')).toMatch(/^The list of agents exceeds/);
  });
  it('refuses control characters', () => {
    expect(saidBy(() => checkTextField('a\u0001b', 'comment'))).toMatch(/invisibles/);
  });
});

describe('toE164', () => {
  it.each([
    ['0612345678', '+33612345678'],
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['+33 06 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['01 23 45 67 89', '+33123456789'],
    ['0690 12 34 56', '+590690123456'],
    ['0692 12 34 56', '+262692123456'],
    ['0696 12 34 56', '+596696123456'],
    ['0694 12 34 56', '+594694123456'],
    ['0639 12 34 56', '+262639123456'],
    ['+32 470 12 34 56', '+32470123456'],
    ['+41 79 123 45 67', '+41791234567'],
  ])('%s → %s', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });
  it('reads national numbers in the given country', () => {
    expect(toE164('0470 12 34 56', 'BE')).toBe('+32470123456');
    expect(toE164('079 123 45 67', 'CH')).toBe('+41791234567');
  });
  it('explains impossible numbers', () => {
    for (const bad of ['', '06123', '6123456789', '06 12 34 56 78 90', 'abc', '+33 6 12', '+0612345678', '06 12 34 56 7x']) {
      const e = errorOf(() => toE164(bad));
      expect(e.code).toBe('INVALID_INPUT');
    }
    expect(clerkMessage(errorOf(() => toE164('06123')))).toMatch(/06 12 34 56 78/);
  });
});

describe('sanitizeProviderFileName', () => {
  it.each([
    ['Délibération n°12 – budget 2024.pdf', 'Deliberation_n_12_budget_2024.pdf'],
    ['Œuvre été.PDF', 'OEuvre_ete.PDF'],
    ['rapport final (v2).pdf', 'rapport_final_v2.pdf'],
    ['C:\\Users\\agent\\Bureau\\arrêté.pdf', 'arrete.pdf'],
    ['/tmp/../../etc/passwd', 'passwd'],
    ['.pdf', 'document.pdf'],
    ['...', 'document'],
    ['..', 'document'],
    ['.', 'document'],
    ['', 'document'],
    ['é.pdf', 'e.pdf'],
    ['日本語.pdf', 'document.pdf'],
    ['con.pdf', 'con_document.pdf'],
    ['archive.tar.gz', 'archive.tar.gz'],
    ['sans extension', 'sans_extension'],
  ])('%s → %s', (input, expected) => {
    const out = sanitizeProviderFileName(input);
    expect(out).toBe(expected);
    expect(isProviderFileName(out)).toBe(true);
  });
  it('keeps the extension within 120 characters', () => {
    const out = sanitizeProviderFileName(`${'a'.repeat(300)}.pdf`);
    expect(out).toHaveLength(120);
    expect(out.endsWith('.pdf')).toBe(true);
  });
  it('is idempotent', () => {
    const once = sanitizeProviderFileName('Délibération n°12.pdf');
    expect(sanitizeProviderFileName(once)).toBe(once);
  });
});

describe('uniqueProviderFileName', () => {
  const now = new Date(2024, 2, 4, 9, 12, 1);
  it('appends _ddMMyyyy_HHmmss before the extension', () => {
    expect(fileNameTimestamp(now)).toBe('04032024_091201');
    expect(uniqueProviderFileName('Rapport été.pdf', now)).toBe('Rapport_ete_04032024_091201.pdf');
  });
  it('can use a random suffix', () => {
    expect(uniqueProviderFileName('rapport.pdf', now, { suffix: 'random', randomSuffix: () => 'k3f9q2' })).toBe('rapport_k3f9q2.pdf');
    expect(uniqueProviderFileName('rapport.pdf', now, { suffix: 'both', randomSuffix: () => 'ab12' })).toBe('rapport_04032024_091201_ab12.pdf');
    const random = uniqueProviderFileName('rapport.pdf', now, { suffix: 'random' });
    expect(random).toMatch(/^rapport_[0-9a-f]{6}\.pdf$/);
  });
  it('stays within 120 characters and keeps the suffix and extension', () => {
    const out = uniqueProviderFileName(`${'é'.repeat(200)}.pdf`, now);
    expect(out.length).toBeLessThanOrEqual(120);
    expect(out.endsWith('_04032024_091201.pdf')).toBe(true);
    expect(isProviderFileName(out)).toBe(true);
  });
});

describe('sanitizeCircuitId / validateDocumentId', () => {
  it('replaces dots and refuses path characters', () => {
    expect(sanitizeCircuitId(' circuit.signature.dg ')).toBe('circuit-signature-dg');
    expect(() => sanitizeCircuitId('../admin')).toThrow(GuichetError);
    expect(saidBy(() => sanitizeCircuitId('a/b'))).toMatch(/non autorisés/);
    expect(() => sanitizeCircuitId('a?b')).toThrow(GuichetError);
    expect(saidBy(() => sanitizeCircuitId('  '))).toMatch(/vide/);
    expect(saidBy(() => sanitizeCircuitId('x'.repeat(256)))).toMatch(/255/);
  });
  it('accepts only digits as document ids', () => {
    expect(validateDocumentId('320074168')).toBe('320074168');
    expect(validateDocumentId(320074168)).toBe('320074168');
    for (const bad of ['', '12a', '1/../2', '-1', '1.5', '1'.repeat(20)]) {
      expect(() => validateDocumentId(bad)).toThrow(GuichetError);
    }
  });
});

describe('parapheurApiBaseUrl', () => {
  const api = 'https://parapheur.example.fr/parapheur-ws/rest/v1/';
  it('accepts the server root, the API root with or without its slash, and a pasted endpoint', () => {
    for (const typed of [
      'https://parapheur.example.fr',
      'https://parapheur.example.fr/',
      'https://parapheur.example.fr/parapheur-ws',
      'https://parapheur.example.fr/parapheur-ws/rest/v1',
      'https://parapheur.example.fr/parapheur-ws/rest/v1/',
      '  https://parapheur.example.fr/parapheur-ws/rest/v1/documents/v2/123/history?x=1#top ',
    ]) {
      expect(parapheurApiBaseUrl(typed), typed).toBe(api);
    }
  });
  it('collapses doubled slashes instead of sending another path', () => {
    expect(parapheurApiBaseUrl('https://parapheur.example.fr//parapheur-ws//rest/v1//')).toBe(api);
    expect(parapheurApiBaseUrl('https://parapheur.example.fr//')).toBe(api);
  });
  it('keeps a reverse proxy prefix and the port', () => {
    expect(parapheurApiBaseUrl('https://intranet.example.fr:8443/fast/')).toBe('https://intranet.example.fr:8443/fast/parapheur-ws/rest/v1/');
    expect(parapheurApiBaseUrl('https://intranet.example.fr:8443/fast/parapheur-ws/rest/v1')).toBe('https://intranet.example.fr:8443/fast/parapheur-ws/rest/v1/');
  });
  it('refuses what is not an https address', () => {
    expect(saidBy(() => parapheurApiBaseUrl('http://parapheur.example.fr/'))).toMatch(/https:\/\//);
    expect(saidBy(() => parapheurApiBaseUrl('parapheur.example.fr'))).toMatch(/n’est pas valide/);
  });
});

describe('depositProviderFileName', () => {
  it('gives one dropped file the same FAST name at every call, and another file another name', () => {
    const first = depositProviderFileName('Arrêté du maire.pdf', 'fileId-AAAAAAAA');
    expect(depositProviderFileName('Arrêté du maire.pdf', 'fileId-AAAAAAAA')).toBe(first);
    expect(first).toMatch(/^Arrete_du_maire_[0-9a-f]{8}\.pdf$/);
    expect(depositProviderFileName('Arrêté du maire.pdf', 'fileId-BBBBBBBB')).not.toBe(first);
  });
  it('keeps `<name>.pdf.zip` within 120 characters with annexes', () => {
    const zip = depositProviderFileName(`${'n'.repeat(200)}.pdf`, 'fileId-AAAAAAAA', { zip: true });
    expect(zip).toMatch(/_[0-9a-f]{8}\.pdf\.zip$/);
    expect(zip.length).toBeLessThanOrEqual(120);
  });
});
