import os from 'node:os';
import path from 'node:path';

export const productName = 'Guichet';

/**
 * The same folder Electron's app.getPath('userData') gives for productName "Guichet", so both hosts
 * share the clerk's data. GUICHET_DATA_DIR overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GUICHET_DATA_DIR) return path.resolve(env.GUICHET_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), productName);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', productName);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), productName);
}
