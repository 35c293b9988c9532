export {
  createSettingsService,
  type SettingsBackend,
  type SettingsService,
  type SettingsServiceOptions,
} from './settingsService.js';
export { loadPreseedFile, resolvePreseedPath } from './preseed.js';
export { createFileSettingsBackend } from './fileSettingsBackend.js';
