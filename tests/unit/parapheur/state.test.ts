import { describe, expect, it } from 'vitest';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { parapheurErrorFromResponse } from '../../../main/providers/parapheur/errors.js';
import {
  deriveDocumentState,
  historyFingerprint,
  isSystemActor,
  normalizeStateLabel,
  type DerivedState,
  type ParapheurHistoryEntry,
} from '../../../main/providers/parapheur/state.js';

/** Builds entries from [actor, time, label] with a base day, "+01:00" offsets. */
function h(...rows: Array<[string, string, string | null]>): ParapheurHistoryEntry[] {
  return rows.map(([userFullname, time, stateName]) => ({ userFullname, date: `2024-03-04T${time}+01:00`, stateName }));
}

const iso = (time: string) => new Date(`2024-03-04T${time}+01:00`).toISOString();

// docs/providers/fast-parapheur.md#history-to-state: visa then signature, filed.
const visaSignatureClassified = [
  { userFullname: '', date: '2024-03-04T09:12:01+01:00', stateName: 'Préparé' },
  { userFullname: '', date: '2024-03-04T09:12:02+01:00', stateName: 'Envoyé pour visa' },
  { userFullname: 'EXEMPLE Alice', date: '2024-03-04T10:40:37+01:00', stateName: 'Visa approuvé' },
  { userFullname: '', date: '2024-03-04T10:40:37+01:00', stateName: 'Envoyé pour signature' },
  { userFullname: 'MODELE Bruno', date: '2024-03-05T08:03:55+01:00', stateName: 'Signé' },
  { userFullname: 'parapheur parapheur', date: '2024-03-05T08:03:56+01:00', stateName: 'Classé' },
];

describe('label normalisation', () => {
  it('trims, lower-cases and strips accents', () => {
    expect(normalizeStateLabel('  Échec de l’envoi à Hélios ')).toBe("echec de l'envoi a helios");
    expect(normalizeStateLabel('Visa désapprouvé')).toBe('visa desapprouve');
  });
  it('knows the system actors', () => {
    for (const a of ['', '  ', 'boucle sms', 'Boucle-SMS', 'parapheur parapheur', 'Parapheur Parapheur']) expect(isSystemActor(a)).toBe(true);
    expect(isSystemActor('MODELE Bruno')).toBe(false);
    expect(isSystemActor(null)).toBe(true);
  });
});

describe('multi-step visa + signature with Classé (docs/providers/fast-parapheur.md#history-to-state)', () => {
  it('walks DEPOSITED → IN_PROGRESS → COMPLETED', () => {
    const s1 = deriveDocumentState(visaSignatureClassified.slice(0, 1));
    expect(s1).toMatchObject({ status: 'DEPOSITED', phase: 'depose', rule: 9, deletable: true, stepsDone: 0, lastLabel: 'Préparé' });
    expect(s1.waitingSince).toBe(iso('09:12:01'));

    const s2 = deriveDocumentState(visaSignatureClassified.slice(0, 2), { stepCount: 2 });
    expect(s2).toMatchObject({ status: 'IN_PROGRESS', phase: 'en_cours', rule: 8, currentStepLabel: 'Envoyé pour visa', stepsDone: 0, stepCount: 2, deletable: false });

    const s3 = deriveDocumentState(visaSignatureClassified.slice(0, 4), { stepCount: 2 });
    expect(s3).toMatchObject({ status: 'IN_PROGRESS', currentStepLabel: 'Envoyé pour signature', stepsDone: 1 });
    // Alice approved her visa and handed the document on: it is not « chez » her any more, and the
    // history does not name the signer it now waits for.
    expect(s3.holder).toBeUndefined();
    expect(s3.waitingSince).toBe(iso('10:40:37'));

    const done = deriveDocumentState(visaSignatureClassified, { stepCount: 2 });
    expect(done).toMatchObject({
      status: 'COMPLETED',
      phase: 'classe',
      rule: 4,
      stepsDone: 2,
      signedAt: new Date('2024-03-05T08:03:55+01:00').toISOString(),
      finishedAt: new Date('2024-03-05T08:03:56+01:00').toISOString(),
      lastLabel: 'Classé',
      holder: 'MODELE Bruno',
      deletable: false,
    });
    expect(done.currentStepLabel).toBeUndefined();
  });

  it('is COMPLETED by rule 5 as soon as all known steps are done, before Classé', () => {
    const s = deriveDocumentState(visaSignatureClassified.slice(0, 5), { stepCount: 2 });
    expect(s).toMatchObject({ status: 'COMPLETED', phase: 'signe', rule: 5, stepsDone: 2 });
    expect(s.finishedAt).toBe(new Date('2024-03-05T08:03:55+01:00').toISOString());
  });

  it('names the pending members when the on-demand steps are known', () => {
    const steps = [
      { step: 'visa' as const, members: ['valideur@example.fr'] },
      { step: 'signature' as const, members: ['signataire@example.fr', 'suppleant@example.fr'] },
    ];
    expect(deriveDocumentState(visaSignatureClassified.slice(0, 2), { steps })).toMatchObject({ holder: 'valideur@example.fr', stepCount: 2 });
    expect(deriveDocumentState(visaSignatureClassified.slice(0, 4), { steps })).toMatchObject({
      holder: 'signataire@example.fr, suppleant@example.fr',
    });
    expect(deriveDocumentState(visaSignatureClassified.slice(0, 5), { steps }).status).toBe('COMPLETED');
  });
});

describe('two signatures without Classé', () => {
  const firstSigned = h(
    ['', '09:00:00', 'Préparé'],
    ['', '09:00:01', 'Envoyé pour signature'],
    ['MODELE Bruno', '10:00:00', 'Signé'],
  );
  const secondSent = [...firstSigned, ...h(['', '10:00:00', 'Envoyé pour signature'])];
  const secondSigned = [...secondSent, ...h(['Chloé Dupont', '11:30:00', 'Signé'])];

  it('with the step count: only the second Signé completes (rule 5)', () => {
    expect(deriveDocumentState(firstSigned, { stepCount: 2 })).toMatchObject({ status: 'IN_PROGRESS', stepsDone: 1 });
    expect(deriveDocumentState(secondSent, { stepCount: 2 })).toMatchObject({ status: 'IN_PROGRESS', currentStepLabel: 'Envoyé pour signature' });
    const done = deriveDocumentState(secondSigned, { stepCount: 2 });
    expect(done).toMatchObject({ status: 'COMPLETED', rule: 5, stepsDone: 2, signedAt: iso('11:30:00'), phase: 'signe' });
  });

  it('without the step count: a trailing Signé completes only once unchanged since the previous poll (rule 6)', () => {
    const firstPoll = deriveDocumentState(firstSigned);
    expect(firstPoll).toMatchObject({ status: 'IN_PROGRESS', rule: 8 });
    expect(firstPoll.stepCount).toBeUndefined();
    // Next poll: FAST had written the next step in the same second: still in progress.
    const secondPoll = deriveDocumentState(secondSent, { previous: firstPoll });
    expect(secondPoll).toMatchObject({ status: 'IN_PROGRESS', currentStepLabel: 'Envoyé pour signature' });
    const thirdPoll = deriveDocumentState(secondSigned, { previous: secondPoll });
    expect(thirdPoll.status).toBe('IN_PROGRESS');
    const fourthPoll = deriveDocumentState(secondSigned, { previous: thirdPoll });
    expect(fourthPoll).toMatchObject({ status: 'COMPLETED', rule: 6, phase: 'signe', signedAt: iso('11:30:00'), finishedAt: iso('11:30:00') });
  });

  it('rule 6 needs the same history, not just the same last label', () => {
    const previous = deriveDocumentState(firstSigned);
    expect(deriveDocumentState(secondSigned, { previous }).status).toBe('IN_PROGRESS');
  });

  it('OASIS: two visas then a server seal that does not file the document', () => {
    const history = h(
      ['', '09:00:00', 'Préparé'],
      ['', '09:00:00', 'Envoyé pour visa'],
      ['A B', '09:10:00', 'Visa approuvé'],
      ['', '09:10:00', 'Envoyé pour visa'],
      ['C D', '09:20:00', 'Visa approuvé'],
      ['', '09:20:00', 'Envoyé pour signature'],
      ['cachet serveur', '09:20:01', 'Signé'],
    );
    expect(deriveDocumentState(history, { stepCount: 3 })).toMatchObject({ status: 'COMPLETED', rule: 5, stepsDone: 3 });
    expect(deriveDocumentState(history, { stepCount: 4 })).toMatchObject({ status: 'IN_PROGRESS', stepsDone: 3 });
  });

  it('DOC spelling Validé counts as a visa', () => {
    const history = h(['', '09:00:00', 'Préparé'], ['', '09:00:00', 'Envoyé pour visa'], ['A B', '09:10:00', 'Validé']);
    expect(deriveDocumentState(history, { stepCount: 1 })).toMatchObject({ status: 'COMPLETED', rule: 5 });
  });
});

describe('OTP circuits', () => {
  // DOC example, with its null stateName.
  const docExample: ParapheurHistoryEntry[] = [
    { userFullname: 'Marc Antiome', date: '2019-12-11T09:41:10.000Z', stateName: 'Préparé' },
    { userFullname: 'boucle-sms', date: '2019-12-11T09:41:31.000Z', stateName: 'Informations OTP définies' },
    { userFullname: 'boucle sms', date: '2019-12-11T09:59:22.000Z', stateName: 'OTP validé' },
    { userFullname: 'boucle sms', date: '2019-12-11T09:59:22.000Z', stateName: null },
    { userFullname: 'parapheur parapheur', date: '2019-12-11T09:59:22.000Z', stateName: 'Classé' },
  ];

  it('OTP validé then Classé (DOC example, null stateName ignored)', () => {
    const s = deriveDocumentState(docExample);
    expect(s).toMatchObject({ status: 'COMPLETED', phase: 'classe', rule: 4, stepsDone: 1, signedAt: '2019-12-11T09:59:22.000Z', holder: 'Marc Antiome' });
    const waiting = deriveDocumentState(docExample.slice(0, 2));
    expect(waiting).toMatchObject({ status: 'IN_PROGRESS', currentStepLabel: 'Informations OTP définies', waitingSince: '2019-12-11T09:41:31.000Z' });
  });

  it('OTP signé without Classé: rule 5 with the step count, rule 6 without', () => {
    const history = h(['', '09:00:00', 'Préparé'], ['boucle-sms', '09:00:05', 'Informations OTP définies'], ['boucle sms', '09:30:00', 'OTP signé']);
    expect(deriveDocumentState(history, { stepCount: 1 })).toMatchObject({ status: 'COMPLETED', rule: 5 });
    const first = deriveDocumentState(history);
    expect(first.status).toBe('IN_PROGRESS');
    expect(deriveDocumentState(history, { previous: first })).toMatchObject({ status: 'COMPLETED', rule: 6 });
  });

  it('OTP validé and OTP signé of one step count once', () => {
    const history = h(
      ['', '09:00:00', 'Préparé'],
      ['boucle-sms', '09:00:05', 'Informations OTP définies'],
      ['boucle sms', '09:30:00', 'OTP validé'],
      ['boucle sms', '09:30:00', 'OTP signé'],
      ['', '09:30:00', 'Envoyé pour signature'],
    );
    expect(deriveDocumentState(history, { stepCount: 2 })).toMatchObject({ status: 'IN_PROGRESS', stepsDone: 1, currentStepLabel: 'Envoyé pour signature' });
  });

  it('a trailing OTP validé alone is not rule 6 (only Signé / OTP signé are)', () => {
    const history = h(['', '09:00:00', 'Préparé'], ['boucle sms', '09:30:00', 'OTP validé']);
    const first = deriveDocumentState(history);
    expect(deriveDocumentState(history, { previous: first }).status).toBe('IN_PROGRESS');
  });
});

describe('refusals', () => {
  it('Refusé by a signer', () => {
    const history = h(['', '09:00:00', 'Préparé'], ['', '09:00:00', 'Envoyé pour signature'], ['MODELE Bruno', '10:00:00', 'Refusé']);
    expect(deriveDocumentState(history, { stepCount: 1 })).toMatchObject({
      status: 'REFUSED',
      phase: 'refuse',
      rule: 2,
      refusedBy: 'MODELE Bruno',
      holder: 'MODELE Bruno',
      finishedAt: iso('10:00:00'),
      deletable: true,
    });
  });

  it('stays REFUSED when the document is filed afterwards, and is no longer deletable', () => {
    const history = h(
      ['', '09:00:00', 'Préparé'],
      ['', '09:00:00', 'Envoyé pour signature'],
      ['MODELE Bruno', '10:00:00', 'Refusé'],
      ['parapheur parapheur', '10:00:01', 'Classé'],
    );
    expect(deriveDocumentState(history)).toMatchObject({ status: 'REFUSED', deletable: false, lastLabel: 'Classé' });
  });

  it('Visa désapprouvé and DOC spelling Rejeté', () => {
    for (const label of ['Visa désapprouvé', 'Rejeté']) {
      const history = h(['', '09:00:00', 'Préparé'], ['', '09:00:00', 'Envoyé pour visa'], ['EXEMPLE Alice', '10:00:00', label]);
      expect(deriveDocumentState(history)).toMatchObject({ status: 'REFUSED', phase: 'visa_desapprouve', refusedBy: 'EXEMPLE Alice', deletable: true });
    }
  });

  it('Signature rejetée by the verifier (system actor)', () => {
    const history = h(['', '09:00:00', 'Préparé'], ['', '09:00:00', 'Envoyé pour signature'], ['X Y', '10:00:00', 'Signé'], ['', '10:00:01', 'Signature rejetée']);
    const s = deriveDocumentState(history, { stepCount: 1 });
    expect(s).toMatchObject({ status: 'REFUSED', phase: 'refuse' });
    expect(s.refusedBy).toBeUndefined();
  });
});

describe('PES circuits', () => {
  const signed = h(['', '09:00:00', 'Préparé'], ['', '09:00:00', 'Envoyé pour signature'], ['MAIRE Jean', '10:00:00', 'Signé'], ['', '10:00:01', "En cours d'envoi"]);

  it.each(["Échec de l'envoi à FAST", 'Échec du traitement FAST', "Échec de l'envoi à Hélios"])('%s → FAILED', (label) => {
    const s = deriveDocumentState([...signed, ...h(['', '10:00:02', label])], { stepCount: 1 });
    expect(s).toMatchObject({ status: 'FAILED', phase: 'erreur', rule: 3, lastLabel: label, finishedAt: iso('10:00:02') });
  });

  it('a failure followed by a successful resend is not FAILED', () => {
    const s = deriveDocumentState([...signed, ...h(['', '10:00:02', "Échec de l'envoi à FAST"], ['', '10:05:00', 'Envoyé à FAST'])]);
    expect(s.status).not.toBe('FAILED');
  });

  it('transmission then Acquittement Hélios then Classé', () => {
    const s = deriveDocumentState(
      [...signed, ...h(['', '10:00:02', 'Envoyé à FAST'], ['', '10:00:03', 'Transmis à Hélios'], ['', '10:00:04', 'Acquittement Hélios'], ['parapheur parapheur', '10:00:05', 'Classé'])],
      { stepCount: 1 },
    );
    expect(s).toMatchObject({ status: 'COMPLETED', rule: 4, signedAt: iso('10:00:00') });
  });
});

describe('other terminal and unknown cases', () => {
  it('Document remplacé → REPLACED', () => {
    const s = deriveDocumentState(h(['', '09:00:00', 'Préparé'], ['', '09:00:00', 'Envoyé pour signature'], ['', '09:30:00', 'Document remplacé']));
    expect(s).toMatchObject({ status: 'REPLACED', rule: 7, finishedAt: iso('09:30:00') });
  });

  it('Métadonnées définies is still DEPOSITED; deletion only from Préparé', () => {
    const s = deriveDocumentState(h(['', '09:00:00', 'Préparé'], ['', '09:00:01', 'Métadonnées définies']));
    expect(s).toMatchObject({ status: 'DEPOSITED', rule: 9, deletable: false });
  });

  it('an unknown label keeps the previous status and is reported', () => {
    const previous = deriveDocumentState(h(['', '09:00:00', 'Préparé'], ['', '09:00:00', 'Envoyé pour signature']));
    const history = h(['', '09:00:00', 'Préparé'], ['', '09:30:00', 'Mis en attente']);
    const s = deriveDocumentState(history, { previous });
    expect(s).toMatchObject({ status: 'IN_PROGRESS', phase: 'en_cours', rule: 10, unknownLabels: ['Mis en attente'], currentStepLabel: 'Envoyé pour signature' });
    expect(deriveDocumentState(history)).toMatchObject({ status: 'DEPOSITED', rule: 10 });
  });

  it('an empty history (or only null states) keeps the previous status', () => {
    const previous = deriveDocumentState(visaSignatureClassified.slice(0, 2));
    expect(deriveDocumentState([], { previous })).toMatchObject({ status: 'IN_PROGRESS', rule: 10, lastLabel: '' });
    expect(deriveDocumentState(h(['', '09:00:00', null]))).toMatchObject({ status: 'DEPOSITED', rule: 10 });
  });

  it('null stateName entries are skipped everywhere', () => {
    const s = deriveDocumentState([...visaSignatureClassified.slice(0, 5), { userFullname: 'x', date: '2024-03-05T09:00:00+01:00', stateName: null }], {
      stepCount: 2,
    });
    expect(s).toMatchObject({ status: 'COMPLETED', rule: 5, lastLabel: 'Signé' });
  });
});

describe('rule 1: deleted or unknown document', () => {
  const previous: DerivedState = deriveDocumentState(visaSignatureClassified.slice(0, 2));

  it('"Internal error: Invalid docId" → UNKNOWN', () => {
    const error = parapheurErrorFromResponse(JSON.stringify({ generation: 1, developerMessage: 'Internal error: Invalid docId' }), {
      operation: 'history',
      documentId: '320074168',
      httpStatus: 500,
    });
    expect(deriveDocumentState({ error }, { previous })).toMatchObject({ status: 'UNKNOWN', phase: 'supprime', rule: 1, deletable: false });
  });

  it('"Invalid docId" on HTTP 200 too → UNKNOWN', () => {
    const error = parapheurErrorFromResponse(JSON.stringify({ generation: 1, developerMessage: 'Internal error: Invalid docId' }), { operation: 'history', httpStatus: 200 });
    expect(deriveDocumentState({ error }, { previous }).status).toBe('UNKNOWN');
  });

  it('a 404 or a "not found" page is not proof of deletion (a wrong address answers the same): rethrown', () => {
    const notFound = parapheurErrorFromResponse('<html>Not Found</html>', { operation: 'history', httpStatus: 404 });
    expect(() => deriveDocumentState({ error: notFound }, { previous })).toThrow(notFound);
    const routeMissing = parapheurErrorFromResponse(JSON.stringify({ developerMessage: 'Not Found: /wrong/documents/v2/1/history' }), { operation: 'history', httpStatus: 404 });
    expect(() => deriveDocumentState({ error: routeMissing }, { previous })).toThrow(routeMissing);
    expect(() => deriveDocumentState({ error: new Error('Document not found') })).toThrow('Document not found');
  });

  it('any other failure is rethrown (the caller keeps the previous state)', () => {
    const timeout = new GuichetError('TIMEOUT', 'Le serveur ne répond pas.');
    expect(() => deriveDocumentState({ error: timeout }, { previous })).toThrow(timeout);
  });
});

describe('ordering and fingerprint', () => {
  it('sorts by date but keeps the array order of entries written in the same second', () => {
    const sameSecond = h(
      ['', '09:00:00', 'Préparé'],
      ['', '09:00:01', 'Envoyé pour signature'],
      ['MODELE Bruno', '10:00:00', 'Signé'],
      ['', '10:00:00', 'Envoyé pour signature'],
    );
    const first = deriveDocumentState(sameSecond);
    // Unchanged, but it ends on "Envoyé pour …": not rule 6.
    expect(deriveDocumentState(sameSecond, { previous: first })).toMatchObject({ status: 'IN_PROGRESS', currentStepLabel: 'Envoyé pour signature' });

    const shuffled = [sameSecond[2]!, sameSecond[0]!, sameSecond[3]!, sameSecond[1]!];
    // Sorted by date; the two 10:00:00 entries keep their relative array order (Signé, then Envoyé).
    expect(deriveDocumentState(shuffled, { stepCount: 1 })).toMatchObject({ status: 'COMPLETED', lastLabel: 'Envoyé pour signature' });
    const reordered = deriveDocumentState([sameSecond[3]!, sameSecond[0]!, sameSecond[1]!, sameSecond[2]!]);
    expect(reordered.lastLabel).toBe('Signé');
  });

  it('mixes offsets and Z dates correctly', () => {
    const history: ParapheurHistoryEntry[] = [
      { userFullname: '', date: '2024-03-04T09:00:00.000Z', stateName: 'Envoyé pour signature' },
      { userFullname: '', date: '2024-03-04T09:59:00+01:00', stateName: 'Préparé' },
    ];
    expect(deriveDocumentState(history).lastLabel).toBe('Envoyé pour signature');
  });

  it('fingerprints differ when anything changes', () => {
    const a = historyFingerprint(visaSignatureClassified);
    expect(historyFingerprint([...visaSignatureClassified])).toBe(a);
    expect(historyFingerprint(visaSignatureClassified.slice(0, 5))).not.toBe(a);
    expect(historyFingerprint(visaSignatureClassified.map((e, i) => (i === 2 ? { ...e, userFullname: 'X' } : e)))).not.toBe(a);
    expect(deriveDocumentState(visaSignatureClassified).historyFingerprint).toBe(a);
  });
});
