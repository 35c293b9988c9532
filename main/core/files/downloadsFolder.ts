import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the web host writes what the clerk exports as a folder: a page cannot choose a folder on
 * this computer, so main writes under the clerk's own Downloads folder, in `Guichet/`, and says
 * where. `GUICHET_DOWNLOADS_DIR` overrides it (managed installs, tests); then the desktop's
 * configured download folder (XDG `user-dirs.dirs` on Linux: « Téléchargements » on a French
 * desktop), then `~/Downloads`, then the home folder itself.
 */
export function clerkDownloadsFolder(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (env.GUICHET_DOWNLOADS_DIR) return join(env.GUICHET_DOWNLOADS_DIR, 'Guichet');
  return join(systemDownloads(env, home) ?? home, 'Guichet');
}

function systemDownloads(env: NodeJS.ProcessEnv, home: string): string | null {
  if (env.XDG_DOWNLOAD_DIR && existsSync(env.XDG_DOWNLOAD_DIR)) return env.XDG_DOWNLOAD_DIR;
  try {
    const dirs = readFileSync(join(env.XDG_CONFIG_HOME || join(home, '.config'), 'user-dirs.dirs'), 'utf8');
    const m = /^XDG_DOWNLOAD_DIR="([^"]+)"/m.exec(dirs);
    const dir = m?.[1]?.replace(/^\$HOME/, home);
    if (dir && dir !== home && existsSync(dir)) return dir;
  } catch {
    // No such file outside Linux desktops: the usual name below.
  }
  const usual = join(home, 'Downloads');
  return existsSync(usual) ? usual : null;
}
