import { describe, expect, it } from 'vitest';
import type { Circuit } from '../../../shared/domain/parapheur.js';
import { sortCircuits } from '../../../renderer/features/parapheur/circuits/circuitOrder.js';

const circuit = (name: string, pinned = false): Circuit => ({
  id: name,
  name,
  accepts: ['pdf'],
  stepCount: null,
  pinned,
  source: 'provider',
  lastLabel: null,
  lastRecipients: null,
  lastMetadataNames: [],
  profiles: [],
});

describe('the order of the circuit tiles', () => {
  it('puts pinned circuits first, then sorts names as a French reader expects (case and accents ignored)', () => {
    const names = sortCircuits([circuit('Zèbre'), circuit('écoles primaires'), circuit('Ecole maternelle'), circuit('Urgences', true), circuit('Œuvres sociales'), circuit('archives')]).map((c) => c.name);
    expect(names).toEqual(['Urgences', 'archives', 'Ecole maternelle', 'écoles primaires', 'Œuvres sociales', 'Zèbre']);
  });
});
