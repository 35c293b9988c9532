import { describe, expect, it } from 'vitest';
import type { DepositTarget } from '../../../shared/domain/parapheur.js';
import { offersAnnexes } from '../../../renderer/features/parapheur/deposit/depositPlan.js';

const pdf = { mediaType: 'application/pdf' };
const xml = { mediaType: 'application/xml' };
const zipCircuit: DepositTarget = { kind: 'circuit', circuitId: 'courrier-avec-annexes' };
const onDemand: DepositTarget = {
  kind: 'ondemand',
  circuit: { type: 'BUREAUTIQUE_XML', steps: [{ step: 'signature', members: ['bruno.lefevre@mairie-exemple.fr'] }] },
};

describe('when the deposit dialog offers annexes (reference.md §5.8)', () => {
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
