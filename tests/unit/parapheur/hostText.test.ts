import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { clerkText } from '../../support/clerkText.js';
import { clerkTextOf, readStoredText, storedText, withCause } from '../../../main/providers/parapheur/service/storedText.js';

const rootDir = fileURLToPath(new URL('../../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.ts$/.test(name) ? [full] : [];
  });
}

/** Every string and template literal of a file (comments are not literals). */
function literals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node)) out.push(node.head.text, ...node.templateSpans.map((s) => s.literal.text));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('the Parapheur module in main writes no sentence for the clerk', () => {
  it('has no French words in its string literals (catalogue keys and values only)', () => {
    const french = /[éèêàùçôî«»’]|\b(le|la|les|du|des|une?|est|pas|votre|vous|dans|pour|avec)\b/i;
    // Stored codes and FAST's own vocabulary (matched, never shown): the actor 'système', FAST's history states.
    const allowed = new Set(['système', 'envoye pour visa', 'envoye pour signature', 'envoye pour']);
    const offenders: string[] = [];
    for (const file of [...sourceFiles(join(rootDir, 'main/providers/parapheur')), join(rootDir, 'shared/domain/contact.ts')]) {
      if (file.includes('/migrations/')) continue;
      for (const text of literals(file)) {
        if (allowed.has(text) || !french.test(text)) continue;
        // Regular expressions that read FAST's French answers are written as literals too.
        if (/^[\s\S]*[|\\^$]/.test(text) && !/\s[a-zé]+\s[a-zé]+\s/i.test(text)) continue;
        offenders.push(`${relative(rootDir, file)}: ${text.slice(0, 80)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('sentences inside sentences (HostText.parts)', () => {
  it('gives the cause, translated in the same language, to the sentence', () => {
    const cause = new GuichetError('PROVIDER_UNAVAILABLE', { key: 'parapheur:hostErrors.fast.unavailable', params: { status: 503 } });
    const note = withCause({ key: 'parapheur:notes.sendInterrupted' }, cause);
    expect(clerkText(note, 'fr')).toBe(
      'Envoi interrompu (FAST Parapheur est momentanément indisponible (HTTP 503). Réessayez dans quelques minutes.) : nouvel essai automatique, sans doublon.',
    );
    expect(clerkText(note, 'en')).toBe(
      'Sending interrupted (FAST Parapheur is temporarily unavailable (HTTP 503). Try again in a few minutes.): trying again automatically, without duplicates.',
    );
  });

  it('formats lists in the language: formats as « ou » / “or”, problems one after the other', () => {
    const refused = { key: 'parapheur:fileChecks.formatRefused', parts: { expected: [{ key: 'parapheur:fileChecks.kinds.pdf' }, { key: 'parapheur:fileChecks.kinds.xml' }] } };
    expect(clerkText(refused, 'fr')).toBe('Format refusé : ce circuit n’accepte que PDF ou XML.');
    expect(clerkText(refused, 'en')).toBe('Format refused: this circuit only accepts PDF or XML.');
    const filed = {
      key: 'parapheur:notes.filedWithProblems',
      params: { documentId: '42' },
      parts: { problems: [{ key: 'parapheur:notes.metadataUnreadable' }, withCause({ key: 'parapheur:notes.otpRefused' }, new Error('db'))] },
    };
    expect(clerkText(filed, 'en')).toBe(
      'Document filed (no. 42) and followed normally. The metadata recorded for this filing cannot be read: it was not sent, enter it in FAST. The OTP signers’ information was not recorded (Internal Guichet error; the incident was logged. Try again, or report it to support.): complete it in FAST.',
    );
  });

  it('an error that is not ours reaches the clerk as the generic sentence, never its message', () => {
    expect(clerkTextOf(new Error('SQLITE_CONSTRAINT: UNIQUE failed'))).toEqual({ key: 'parapheur:notes.internal' });
  });
});

describe('texts stored in a document row', () => {
  it('keep the entry, and read back the same', () => {
    const text = withCause({ key: 'parapheur:notes.trackingImpossible' }, new GuichetError('OFFLINE', { key: 'app:hostErrors.network.offline' }));
    expect(readStoredText(storedText(text))).toEqual(text);
  });

  it('show a sentence written by an older Guichet as it was written, in any language', () => {
    const legacy = readStoredText('Dépôt annulé');
    expect(clerkText(legacy!, 'en')).toBe('Dépôt annulé');
    // Not a catalogue entry, even if it looks like JSON.
    expect(clerkText(readStoredText('{ pas du JSON')!, 'fr')).toBe('{ pas du JSON');
    expect(readStoredText(null)).toBeNull();
  });
});
