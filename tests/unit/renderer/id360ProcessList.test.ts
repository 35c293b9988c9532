import { describe, expect, it } from 'vitest';
import { addProcess } from '../../../renderer/features/id360/settings/processList.js';
import { id360ProcessSchema } from '../../../shared/domain/id360.js';

const opening = { uuid: '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b', label: 'Ouverture de compte' };

describe('Réglages › ID360 › parcours: the list the clerk edits', () => {
  it('adds a named process, cleaning what an e-mail paste brings, in the shape the settings accept', () => {
    const result = addProcess([opening], { label: '  Signature   avancée ', uuid: ' {1D2C3B4A-5E6F-4A7B-8C9D-0E1F2A3B4C5D} ' });
    expect(result).toMatchObject({ ok: true, added: { uuid: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d', label: 'Signature avancée' } });
    if (result.ok) for (const p of result.list) expect(id360ProcessSchema.safeParse(p).success).toBe(true);
  });

  it('says which field is wrong: no name, not a UUID, already there, too many', () => {
    expect(addProcess([], { label: ' ', uuid: '6f8a1c2e-3b4d' })).toEqual({ ok: false, problems: { label: 'labelRequired', uuid: 'uuid' } });
    expect(addProcess([], { label: 'x'.repeat(121), uuid: opening.uuid })).toEqual({ ok: false, problems: { label: 'labelTooLong' } });
    expect(addProcess([opening], { label: 'Autre nom', uuid: opening.uuid.toUpperCase() })).toEqual({ ok: false, problems: { uuid: 'duplicate' } });
    const full = Array.from({ length: 50 }, (_, i) => ({ uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, label: `P${i}` }));
    expect(addProcess(full, { label: 'Un de plus', uuid: opening.uuid })).toEqual({ ok: false, problems: { uuid: 'tooMany' } });
  });
});
