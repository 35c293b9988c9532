import { describe, expect, it } from 'vitest';
import type { DepositTarget } from '../../../shared/domain/parapheur.js';
import { buildMetadata, buildOnDemandCircuit, suggestedMetadataRows, offersAnnexes, otpFieldProblem, otpSignersValid } from '../../../renderer/features/parapheur/deposit/depositPlan.js';
import { toE164 } from '../../../main/providers/parapheur/normalize.js';

const pdf = { mediaType: 'application/pdf' };
const xml = { mediaType: 'application/xml' };
const zipCircuit: DepositTarget = { kind: 'circuit', circuitId: 'courrier-avec-annexes' };
const onDemand: DepositTarget = {
  kind: 'ondemand',
  circuit: { type: 'BUREAUTIQUE_XML', steps: [{ step: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] }] },
};

describe('when the deposit dialog offers annexes (docs/providers/fast-parapheur.md#annexes)', () => {
  it('on a predefined circuit: only one PDF, and only when the circuit accepts ZIP', () => {
    expect(offersAnnexes(zipCircuit, ['pdf', 'zip'], [pdf])).toBe(true);
    expect(offersAnnexes(zipCircuit, ['pdf'], [pdf])).toBe(false);
    expect(offersAnnexes(zipCircuit, ['xml', 'zip'], [xml])).toBe(false);
    expect(offersAnnexes(zipCircuit, ['pdf', 'zip'], [pdf, pdf])).toBe(false);
  });

  it('on demand: with exactly one main file, whatever its format (annexes are parts of their own)', () => {
    expect(offersAnnexes(onDemand, [], [pdf])).toBe(true);
    expect(offersAnnexes(onDemand, [], [xml])).toBe(true);
    expect(offersAnnexes(onDemand, [], [pdf, pdf])).toBe(false);
    expect(offersAnnexes(onDemand, [], [])).toBe(false);
  });
});

describe('the metadata rows of the deposit dialog (docs/providers/fast-parapheur.md#metadata-and-otp)', () => {
  const row = (key: number, name: string, value: string) => ({ key, name, value });

  it('sends complete rows, trimmed, and ignores rows left blank', () => {
    const { entries, problems } = buildMetadata([row(1, ' TEXT_001 ', ' Dossier 2024-118 '), row(2, '', '  '), row(3, 'NUM_001', '45812')]);
    expect(entries).toEqual([
      { name: 'TEXT_001', value: 'Dossier 2024-118' },
      { name: 'NUM_001', value: '45812' },
    ]);
    expect(problems.size).toBe(0);
  });

  it('flags a value without a name, a name FAST cannot take, a name given twice and a value too long', () => {
    const { entries, problems } = buildMetadata([
      row(1, '', 'orpheline'),
      row(2, 'TEXTE 1', 'x'),
      row(3, 'TEXT_001', 'a'),
      row(4, 'TEXT_001', 'b'),
      row(5, 'NUM_001', 'x'.repeat(256)),
      row(6, 'DATE_001', ''),
    ]);
    expect(entries).toEqual([
      { name: 'TEXT_001', value: 'a' },
      { name: 'DATE_001', value: '' },
    ]);
    expect([...problems].map(([key, p]) => [key, p.key])).toEqual([
      [1, 'deposit.metadataErrors.nameRequired'],
      [2, 'deposit.metadataErrors.name'],
      [4, 'deposit.metadataErrors.duplicate'],
      [5, 'deposit.metadataErrors.value'],
    ]);
  });
});

describe('the OTP signers of the deposit dialog, checked with the rules main sends with', () => {
  const signer = { firstName: 'Camille', lastName: 'Exemple', phone: '06 12 34 56 78', email: 'Camille.Exemple@example.org' };

  it('accepts what main can turn into E.164 and a valid address', () => {
    expect(otpSignersValid([signer])).toBe(true);
    expect(otpSignersValid([{ ...signer, phone: '+33 (0)6 12 34 56 78' }])).toBe(true);
    // Same function on both sides: what the dialog lets through, main normalises.
    expect(toE164(signer.phone)).toBe('+33612345678');
  });

  it('marks a short number or an accented address on its own field, and an empty field on none', () => {
    expect(otpFieldProblem({ ...signer, phone: '06 12' }, 'phone')).toEqual({ key: 'deposit.otpPhoneInvalid' });
    expect(otpFieldProblem({ ...signer, email: 'andré@example.org' }, 'email')).toEqual({ key: 'deposit.otpEmailInvalid' });
    expect(otpFieldProblem({ ...signer, phone: '' }, 'phone')).toBeNull();
    expect(otpFieldProblem({ ...signer, phone: '06 12' }, 'email')).toBeNull();
    expect(otpSignersValid([signer, { ...signer, phone: '06 12' }])).toBe(false);
    expect(otpSignersValid([{ ...signer, email: '' }])).toBe(false);
  });

  it('refuses an on-demand member address main would refuse (accents), in the builder already', () => {
    const built = buildOnDemandCircuit({ type: 'BUREAUTIQUE_PDF', steps: [{ key: 1, step: 'signature', members: 'andré@example.org' }] });
    expect(built.ok).toBe(false);
  });
});

describe('metadata names offered from the last deposit into the circuit', () => {
  it('opens with the names and empty values, and sends only the ones the clerk fills in', () => {
    const rows = suggestedMetadataRows(['TEXT_001', 'NUM_001']);
    expect(rows.map((r) => [r.name, r.value])).toEqual([
      ['TEXT_001', ''],
      ['NUM_001', ''],
    ]);
    expect(buildMetadata(rows)).toEqual({ entries: [], problems: new Map() });
    const filled = rows.map((r) => (r.name === 'NUM_001' ? { ...r, value: '45812' } : r));
    expect(buildMetadata(filled).entries).toEqual([{ name: 'NUM_001', value: '45812' }]);
    // A name typed by the clerk with no value is still sent (it may be meant to be empty).
    expect(buildMetadata([{ key: 9, name: 'TEXT_002', value: '' }]).entries).toEqual([{ name: 'TEXT_002', value: '' }]);
  });
});
