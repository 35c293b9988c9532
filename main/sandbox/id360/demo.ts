import type { SimAccount, SimProcess } from './types.js';

/** The sandbox organisation's accounts and processes (docs/providers/id360.md#simulator). */

export const APPLICATION_ACCOUNT: SimAccount = { username: 'app-guichet-sandbox', password: 'bac-a-sable-id360', kind: 'application' };
export const USER_ACCOUNT: SimAccount = { username: 'agent@exemple.fr', password: 'bac-a-sable-utilisateur', kind: 'user', twoFactorCode: '123456' };

const journeySteps = ['id_document', 'facecomparison', 'liveness$0', 'fake_photo_id', 'phone_detection'];

export const demoProcesses: readonly SimProcess[] = [
  {
    uuid: '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
    id: 2048,
    name: 'Ouverture de compte',
    collectedData: ['name', 'first_name', 'birth_date', 'email', 'phone_number', 'address_line_1', 'zip_code', 'city'],
    idClaim: false,
    proofOfAddress: true,
    steps: journeySteps,
  },
  {
    uuid: '1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    id: 2049,
    name: 'Signature avancée',
    collectedData: ['name', 'first_name', 'birth_date', 'phone_number'],
    idClaim: true,
    proofOfAddress: false,
    steps: [...journeySteps, 'otp_sms'],
  },
];
