import { create } from 'zustand';
import type { Settings } from '../../../shared/domain/settings.js';
import type { SecretKey } from '../../../shared/domain/providers.js';

export type SecretsStatus = Partial<Record<SecretKey, boolean>>;

interface SettingsState {
  /** Null until main has answered `settings.get`. */
  settings: Settings | null;
  /** Null until `secrets.status` has answered; the renderer only ever learns "configured or not". */
  secretsStatus: SecretsStatus | null;
  /** Saved secrets main could not read and set aside (lost key): to enter again. Empty when none. */
  unreadableSecrets: SecretKey[];
  setSettings(settings: Settings): void;
  setSecretsStatus(status: SecretsStatus): void;
  setUnreadableSecrets(keys: SecretKey[]): void;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: null,
  secretsStatus: null,
  unreadableSecrets: [],
  setSettings: (settings) => set({ settings }),
  setSecretsStatus: (secretsStatus) => set({ secretsStatus }),
  setUnreadableSecrets: (unreadableSecrets) => set({ unreadableSecrets }),
}));
