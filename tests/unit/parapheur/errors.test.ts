import { describe, expect, it } from 'vitest';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { clerkMessage } from '../../support/clerkText.js';
import {
  diagnosticBody,
  formatParapheurError,
  isDocumentGoneAnswer,
  isRetryableParapheurError,
  isUnknownDocumentError,
  parapheurErrorFromResponse,
  parseParapheurErrorBody,
  type ParapheurErrorContext,
} from '../../../main/providers/parapheur/errors.js';

const ctx: ParapheurErrorContext = { operation: 'upload', siren: '732829320', httpStatus: 200 };

function body(errorCode: number | undefined, developerMessage: string, userFriendlyMessage?: string): string {
  return JSON.stringify({ generation: 1575639678830, developerMessage, userFriendlyMessage, errorCode });
}

describe('parseParapheurErrorBody', () => {
  it('detects the error JSON whatever the status', () => {
    expect(parseParapheurErrorBody(body(118, 'Invalid step type', "Le type d'étape est incorrect"))).toEqual({
      generation: 1575639678830,
      developerMessage: 'Invalid step type',
      userFriendlyMessage: "Le type d'étape est incorrect",
      errorCode: 118,
    });
    expect(parseParapheurErrorBody('{"developerMessage":"Internal error: Invalid docId"}')).toEqual({ developerMessage: 'Internal error: Invalid docId' });
    expect(parseParapheurErrorBody('{"errorCode":"102"}')).toEqual({ errorCode: 102 });
  });
  it('is null for anything else', () => {
    for (const other of ['320074168', '', '[1,2]', '{"comment":"x"}', '{"id":1,"url":"https://x"}', '<html/>', '{not json', '{"errorCode":"abc"}']) {
      expect(parseParapheurErrorBody(other)).toBeNull();
    }
  });
});

describe('formatParapheurError', () => {
  it('shows the PASTELL style', () => {
    expect(formatParapheurError({ errorCode: 118, developerMessage: 'Invalid step type', userFriendlyMessage: "Le type d'étape est incorrect" })).toBe(
      "[118] Le type d'étape est incorrect (Invalid step type)",
    );
    expect(formatParapheurError({ developerMessage: 'Internal error: Invalid docId' })).toBe('[?] Internal error: Invalid docId');
    expect(formatParapheurError({ errorCode: 102 })).toBe('[102] -');
  });
});

describe('parapheurErrorFromResponse: known codes', () => {
  it.each([
    [100, 'Unauthorized', 'FORBIDDEN_SIREN', /n’est pas autorisé à agir pour le SIREN 732829320 \(erreur 100\)/],
    [102, '', 'NO_REFUSAL_COMMENT', /pas de commentaire de refus/],
    [111, 'Subscriber not found', 'UNKNOWN_SIREN', /SIREN 732829320 est inconnu/],
    [117, 'Invalid circuit type', 'INVALID_CIRCUIT', /type de circuit est incorrect \(erreur 117\)/],
    [118, 'Invalid step type', 'INVALID_CIRCUIT', /type d’étape est incorrect \(erreur 118\)/],
    [119, 'Invalid step member', 'INVALID_MEMBER', /membres du circuit est incorrect/],
    [120, 'Upload doc error', 'UPLOAD_FAILED', /a refusé le dépôt \(erreur 120\) : Message FAST/],
    [121, 'Circuit definition error', 'INVALID_CIRCUIT', /définition du circuit/],
    [122, 'The agent cannot be a step member', 'AGENT_IS_MEMBER', /signataire ou valideur/],
  ])('errorCode %i', (code, dev, expected, message) => {
    const e = parapheurErrorFromResponse(body(code, dev || 'x', 'Message FAST'), ctx);
    expect(e).toBeInstanceOf(GuichetError);
    expect(e.code).toBe(expected);
    expect(clerkMessage(e)).toMatch(message);
    // Main sends the entry, not the sentence: the English interface gets English.
    expect(clerkMessage(e, 'en')).not.toMatch(/erreur|votre|le circuit/i);
    expect(e.details).toMatchObject({ providerCode: code, httpStatus: 200, summary: `[${code}] Message FAST (${dev || 'x'})` });
  });

  it('keeps the provider summary for unknown codes', () => {
    const e = parapheurErrorFromResponse(body(999, 'Something odd', 'Quelque chose cloche'), ctx);
    expect(e.code).toBe('PROVIDER_ERROR');
    expect(clerkMessage(e)).toBe('FAST Parapheur a renvoyé une erreur : [999] Quelque chose cloche (Something odd)');
  });
});

describe('parapheurErrorFromResponse: known developer messages', () => {
  it.each([
    ['Internal error: Invalid docId', 'history', 'UNKNOWN_DOCUMENT'],
    ["Internal error: Failed to convert value of type 'java.lang.String' to required type 'long'", 'history', 'UNKNOWN_DOCUMENT'],
    ['Fichier deja depose par un agent', 'upload', 'DUPLICATE'],
    ['Fichier déjà depose par un agent', 'upload', 'DUPLICATE'],
    ['Fichier refusé : un fichier PES avec le même nomfic a deja ete envoye', 'upload', 'DUPLICATE'],
    ["Erreur: l'abonne est inconnu ou l'utilisateur n'a pas les permissions pour y réaliser l'action demandée", 'upload', 'FORBIDDEN_SIREN'],
    ['Subscriber not found', 'upload', 'UNKNOWN_SIREN'],
    ['Unauthorized', 'upload', 'FORBIDDEN_SIREN'],
    ["Circuit inconnu ou non autorisé pour l'utilisateur", 'upload', 'CIRCUIT_FORBIDDEN'],
    ['Format de fichier refusé par le circuit', 'upload', 'FORMAT_REFUSED'],
    ['Document introuvable', 'download', 'UNKNOWN_DOCUMENT'],
  ] as const)('%s', (dev, operation, code) => {
    const e = parapheurErrorFromResponse(JSON.stringify({ developerMessage: dev }), { operation, httpStatus: 500, documentId: '42', circuitId: 'c' });
    expect(e.code).toBe(code);
  });

  it('a duplicate wins over the generic upload code 120 (after a crash the service reconciles it)', () => {
    const e = parapheurErrorFromResponse(body(120, 'Fichier deja depose par un agent'), ctx);
    expect(e.code).toBe('DUPLICATE');
    expect(e.details).toMatchObject({ kind: 'document', providerCode: 120 });
  });

  it('recognises known messages in a plain-text body', () => {
    expect(parapheurErrorFromResponse('Fichier deja depose par un agent', { ...ctx, httpStatus: 409 }).code).toBe('DUPLICATE');
  });

  it('explains a refused deletion', () => {
    const e = parapheurErrorFromResponse(JSON.stringify({ developerMessage: 'Document cannot be deleted in its current state' }), {
      operation: 'delete',
      documentId: '42',
    });
    expect(e.code).toBe('NOT_DELETABLE');
    expect(clerkMessage(e)).toMatch(/n° 42 ne peut plus être supprimé : seuls les documents préparés, refusés ou rejetés/);
  });
});

describe('parapheurErrorFromResponse: no error body', () => {
  it('403/401 without a body → CERT_REFUSED', () => {
    expect(parapheurErrorFromResponse('', { operation: 'history', httpStatus: 403 }).code).toBe('CERT_REFUSED');
    expect(parapheurErrorFromResponse('<html>Forbidden</html>', { operation: 'upload', httpStatus: 401 }).code).toBe('CERT_REFUSED');
  });
  it('403 with an error body follows the body', () => {
    expect(parapheurErrorFromResponse(body(100, 'Unauthorized'), { operation: 'upload', httpStatus: 403 }).code).toBe('FORBIDDEN_SIREN');
  });
  it('404 on a document → UNKNOWN_DOCUMENT, 503 → PROVIDER_UNAVAILABLE (retryable)', () => {
    expect(parapheurErrorFromResponse('Not Found', { operation: 'download', httpStatus: 404 }).code).toBe('UNKNOWN_DOCUMENT');
    const unavailable = parapheurErrorFromResponse('<html><body>Service Unavailable</body></html>', { operation: 'upload', httpStatus: 503 });
    expect(unavailable.code).toBe('PROVIDER_UNAVAILABLE');
    expect(isRetryableParapheurError(unavailable)).toBe(true);
  });
  it('anything else → PROVIDER_MALFORMED with the raw body, truncated and redacted', () => {
    const raw = `<html>oops alice.exemple@example.fr password=hunter2 ${'x'.repeat(5000)}</html>`;
    const e = parapheurErrorFromResponse(raw, { operation: 'upload', httpStatus: 200, contentType: 'text/html' });
    expect(e.code).toBe('PROVIDER_MALFORMED');
    expect(clerkMessage(e)).toMatch(/réponse inattendue \(HTTP 200\)/);
    const details = e.details as { body: string; httpStatus: number; contentType: string };
    expect(details.httpStatus).toBe(200);
    expect(details.contentType).toBe('text/html');
    expect(details.body).not.toContain('alice.exemple@example.fr');
    expect(details.body).not.toContain('hunter2');
    expect(details.body.length).toBeLessThan(2200);
    expect(details.body).toMatch(/\[\+\d+ chars\]$/);
    expect(isRetryableParapheurError(e)).toBe(false);
  });
  it('diagnosticBody keeps short bodies intact', () => {
    expect(diagnosticBody('{"a":1}')).toBe('{"a":1}');
  });
});

describe('isUnknownDocumentError', () => {
  it('recognises the rule-1 failures only', () => {
    expect(isUnknownDocumentError(new GuichetError('UNKNOWN_DOCUMENT', 'x'))).toBe(true);
    expect(isUnknownDocumentError(new GuichetError('PROVIDER_MALFORMED', 'x', { httpStatus: 404 }))).toBe(true);
    expect(isUnknownDocumentError(new GuichetError('TIMEOUT', 'x'))).toBe(false);
    expect(isUnknownDocumentError(new GuichetError('PROVIDER_ERROR', 'x', { developerMessage: "Le document n'existe pas" }))).toBe(true);
    expect(isUnknownDocumentError(new GuichetError('PROVIDER_ERROR', 'x', { developerMessage: 'Server busy' }))).toBe(false);
  });
});

describe('isDocumentGoneAnswer', () => {
  it('only FAST\'s "Invalid docId" proves a document is gone, whatever the status', () => {
    const history = (body: string, httpStatus: number) => parapheurErrorFromResponse(body, { operation: 'history', documentId: '320074168', httpStatus });
    expect(isDocumentGoneAnswer(history(JSON.stringify({ generation: 1, developerMessage: 'Internal error: Invalid docId' }), 200))).toBe(true);
    expect(isDocumentGoneAnswer(history('Internal error: Invalid docId', 500))).toBe(true);
    // What a wrong base URL answers: "unknown" for the client, but no proof at all.
    const wrongAddress = history(JSON.stringify({ developerMessage: 'Not Found: /wrong/documents/v2/320074168/history' }), 404);
    expect(isUnknownDocumentError(wrongAddress)).toBe(true);
    expect(isDocumentGoneAnswer(wrongAddress)).toBe(false);
    expect(isDocumentGoneAnswer(history('<html><body>404 Not Found</body></html>', 404))).toBe(false);
  });
});

describe('parapheurErrorFromResponse: status-dependent error bodies', () => {
  it('an error body with 403 and no code means the certificate matches no user', () => {
    const e = parapheurErrorFromResponse(JSON.stringify({ developerMessage: 'Forbidden: no FAST user matches the client certificate' }), {
      operation: 'history',
      httpStatus: 403,
    });
    expect(e.code).toBe('CERT_REFUSED');
  });
  it('an error body with 503 and no code is a temporary unavailability', () => {
    const e = parapheurErrorFromResponse(JSON.stringify({ developerMessage: 'Internal error: overloaded' }), { operation: 'upload', httpStatus: 503 });
    expect(e.code).toBe('PROVIDER_UNAVAILABLE');
    expect(isRetryableParapheurError(e)).toBe(true);
  });
  it('error 120 quotes FAST’s reason', () => {
    const e = parapheurErrorFromResponse(body(120, 'Upload doc error: empty file', 'Le fichier « a.pdf » est vide.'), ctx);
    expect(e.code).toBe('UPLOAD_FAILED');
    expect(clerkMessage(e)).toBe('FAST Parapheur a refusé le dépôt (erreur 120) : Le fichier « a.pdf » est vide.');
    expect(clerkMessage(e, 'en')).toBe('FAST Parapheur refused the filing (error 120): Le fichier « a.pdf » est vide.');
  });
  it('recipient mail not enabled, and the 30-minute rule', () => {
    expect(parapheurErrorFromResponse(body(120, 'Upload doc error: recipient mail is not enabled on this circuit'), ctx).code).toBe('RECIPIENT_NOT_ALLOWED');
    expect(
      parapheurErrorFromResponse(JSON.stringify({ developerMessage: 'Too many requests: history of this document was requested less than 30 minutes ago' }), {
        operation: 'history',
      }).code,
    ).toBe('POLL_TOO_SOON');
  });
});
