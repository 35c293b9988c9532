import { describe, expect, it } from 'vitest';
import type { FileCheck } from '../../../shared/domain/parapheur.js';
import type { FileRef } from '../../../shared/ipc/contract.js';
import {
  depositReducer,
  depositView,
  initialDepositState,
  shownOtpProblem,
  submittedFields,
  type DepositAction,
  type DepositDraft,
  type DepositState,
} from '../../../renderer/features/parapheur/deposit/depositDialogState.js';

const file = (name: string) => ({ name }) as File;
const circuit = (over: Partial<DepositDraft> = {}): DepositDraft => ({
  target: { kind: 'circuit', circuitId: 'courrier' },
  targetName: 'Courrier',
  accepts: ['pdf', 'zip'],
  lastLabel: 'Arrêtés',
  lastRecipients: 'accueil@mairie-exemple.fr',
  lastMetadataNames: [],
  files: [file('arrete.pdf')],
  ...over,
});
const ref = (id: string, mediaType = 'application/pdf'): FileRef => ({ id, name: `${id}.pdf`, size: 1000, mediaType }) as FileRef;
const check = (fileId: string, accepted: boolean, annex = false): FileCheck =>
  ({ fileId, name: `${fileId}.pdf`, size: 1000, accepted, annex, reason: accepted ? null : 'Fichier vide', providerName: accepted ? `${fileId}.pdf` : null }) as FileCheck;

const run = (state: DepositState, ...actions: DepositAction[]) => actions.reduce(depositReducer, state);
const opened = (draft = circuit()) => initialDepositState(draft, 'Trop de fichiers');
/** Staged and checked: one accepted, one refused. */
const checked = (draft = circuit()) =>
  run(opened(draft), { type: 'staged', refs: [ref('a'), ref('b')] }, { type: 'checkStarted' }, { type: 'checked', checks: [check('a', true), check('b', false)] });

describe('the deposit dialog as it opens', () => {
  it('fills the label and addresses of the last deposit into the circuit and starts handing the files over', () => {
    const state = opened();
    expect(state.phase).toEqual({ name: 'staging', sent: 0, total: 1 });
    expect(state.label).toBe('Arrêtés');
    expect(state.recipients).toBe('accueil@mairie-exemple.fr');
    expect(state.otpOffered).toBe(false);
    expect(state.otpSigners).toEqual([]);
  });

  it('says at once that a drop over the limit is too big, without handing anything over', () => {
    const state = opened(circuit({ files: Array.from({ length: 1001 }, (_, i) => file(`${i}.pdf`)) }));
    expect(state.phase).toEqual({ name: 'failed', message: 'Trop de fichiers' });
  });

  it('asks one signer by SMS code on a circuit named OTP, one per OTP step on demand with the step member filled', () => {
    expect(opened(circuit({ target: { kind: 'circuit', circuitId: 'signature-otp' } })).otpSigners).toHaveLength(1);
    const onDemand = opened(
      circuit({
        target: {
          kind: 'ondemand',
          circuit: { type: 'BUREAUTIQUE_PDF', steps: [{ step: 'visa', members: ['a@mairie-exemple.fr'] }, { step: 'OTPSignature', members: ['elu@exemple.fr'] }] },
        },
      }),
    );
    expect(onDemand.otpOffered).toBe(true);
    expect(onDemand.otpSigners).toEqual([{ firstName: '', lastName: '', phone: '', email: 'elu@exemple.fr' }]);
    expect(onDemand.metadataRows).toEqual([]);
  });

  it('offers again the metadata names of the last deposit, values to fill in', () => {
    const state = opened(circuit({ lastMetadataNames: ['service'] }));
    expect(state.metadataRows.map((r) => r.name)).toEqual(['service']);
    expect(depositView(state, circuit()).metadata.entries).toEqual([]);
  });
});

describe('« Déposer » and why it waits', () => {
  it('sends the accepted files only, and says which were refused', () => {
    const view = depositView(checked(), circuit());
    expect(view.accepted).toEqual(['a']);
    expect(view.refused.map((c) => c.fileId)).toEqual(['b']);
    expect(view.canSubmit).toBe(true);
    expect(view.block).toBeNull();
  });

  it('waits while the files are checked again, then allows it', () => {
    const rechecking = run(checked(), { type: 'fieldChanged', field: 'label', value: 'Autre' }, { type: 'checkStarted' });
    expect(depositView(rechecking, circuit())).toMatchObject({ canSubmit: false, block: 'checking' });
    const back = run(rechecking, { type: 'checked', checks: [check('a', true)] });
    expect(depositView(back, circuit())).toMatchObject({ canSubmit: true, block: null });
  });

  it('waits while annexes are handed over, and sends them with the single PDF once there', () => {
    const draft = circuit();
    const single = run(opened(draft), { type: 'staged', refs: [ref('a')] }, { type: 'checked', checks: [check('a', true)] });
    const staging = run(single, { type: 'annexStagingProgress', sent: 10, total: 100 });
    expect(depositView(staging, draft)).toMatchObject({ annexesOffered: true, canSubmit: false, block: 'annexes' });
    const added = run(staging, { type: 'annexesStaged', refs: [ref('x'), ref('y')] });
    expect(added.annexStaging).toBeNull();
    expect(depositView(added, draft).annexIds).toEqual(['x', 'y']);
    const removed = run(added, { type: 'annexErrorShown', message: 'Trop d’annexes' }, { type: 'annexRemoved', fileId: 'x' });
    expect(removed.annexError).toBeNull();
    expect(depositView(removed, draft).annexIds).toEqual(['y']);
  });

  it('sends no annex when the circuit does not take ZIP', () => {
    const draft = circuit({ accepts: ['pdf'] });
    const state = run(opened(draft), { type: 'staged', refs: [ref('a')] }, { type: 'annexesStaged', refs: [ref('x')] }, { type: 'checked', checks: [check('a', true)] });
    expect(depositView(state, draft)).toMatchObject({ annexesOffered: false, annexIds: [] });
  });

  it('nothing to send: waits with the reason « no file »', () => {
    const state = run(opened(), { type: 'staged', refs: [ref('b')] }, { type: 'checked', checks: [check('b', false)] });
    expect(depositView(state, circuit())).toMatchObject({ canSubmit: false, block: 'noFile' });
  });

  it('a failed staging or check shows its message and blocks nothing else', () => {
    const state = run(opened(), { type: 'failed', message: 'Guichet ne répond pas' });
    expect(state.phase).toEqual({ name: 'failed', message: 'Guichet ne répond pas' });
    expect(depositView(state, circuit())).toMatchObject({ canSubmit: false, block: null });
  });

  it('a refused submit goes back to the form with its message, which the next submit clears', () => {
    const failed = run(checked(), { type: 'submitStarted' }, { type: 'submitFailed', message: 'FAST a refusé' });
    expect(failed.phase).toEqual({ name: 'ready' });
    expect(failed.submitError).toBe('FAST a refusé');
    const again = run(failed, { type: 'submitStarted' });
    expect(again.submitError).toBeNull();
    expect(depositView(again, circuit()).busy).toBe(true);
  });
});

describe('signers by SMS code in the dialog', () => {
  it('offered on request with one empty signer, then added and removed', () => {
    const offered = run(checked(), { type: 'otpOffered' });
    expect(offered.otpSigners).toHaveLength(1);
    expect(depositView(offered, circuit())).toMatchObject({ canSubmit: false, block: 'otpMissing' });
    const two = run(offered, { type: 'otpSignerAdded' });
    expect(two.otpSigners).toHaveLength(2);
    expect(run(two, { type: 'otpSignerRemoved', index: 0 }).otpSigners).toHaveLength(1);
  });

  it('a wrong number shows once the clerk leaves the field, not while typing; a complete valid signer allows the deposit', () => {
    let state = run(checked(), { type: 'otpOffered' }, { type: 'otpFieldChanged', index: 0, field: 'phone', value: '06 12' });
    expect(shownOtpProblem(state, 0, 'phone')).toBeNull();
    state = run(state, { type: 'otpFieldLeft', index: 0, field: 'phone' });
    expect(shownOtpProblem(state, 0, 'phone')).toEqual({ key: 'deposit.otpPhoneInvalid' });
    state = run(
      state,
      { type: 'otpFieldChanged', index: 0, field: 'firstName', value: ' Claire ' },
      { type: 'otpFieldChanged', index: 0, field: 'lastName', value: 'Martin' },
      { type: 'otpFieldChanged', index: 0, field: 'email', value: 'Claire.Martin@Exemple.fr' },
    );
    expect(depositView(state, circuit())).toMatchObject({ canSubmit: false, block: 'otpInvalid' });
    state = run(state, { type: 'otpFieldChanged', index: 0, field: 'phone', value: '06 12 34 56 78' });
    expect(shownOtpProblem(state, 0, 'phone')).toBeNull();
    expect(depositView(state, circuit())).toMatchObject({ canSubmit: true, block: null });
    expect(submittedFields(state).otpSigners).toEqual([{ firstName: 'Claire', lastName: 'Martin', phone: '06 12 34 56 78', email: 'claire.martin@exemple.fr' }]);
  });
});

it('metadata with a problem holds the deposit back', () => {
  const state = run(checked(), { type: 'metadataChanged', rows: [{ key: 1, name: 'mauvais nom', value: 'x' }] });
  expect(depositView(state, circuit())).toMatchObject({ canSubmit: false, block: 'metadataInvalid', metadataReady: false });
});
