import fs from 'node:fs';
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

/**
 * The data folder holds signers' names, phones and e-mails, certificates and the vault: readable by the
 * clerk's account only, whatever created it first (the settings file, the database, an older version).
 * Called at start-up before anything else writes there: creates the folder 0700 and brings the folder
 * and the files directly in it (settings, database and its WAL, vault) to 0700/0600 at once.
 * Sub-folders (blobs, logs, simulators' keys: possibly thousands of files) are brought to 0700/0600 by
 * the returned promise, a few seconds later: walking them costs tens of milliseconds of the start-up
 * the clerk waits for, and the folder's own 0700 already hides them meanwhile. Both hosts call this
 * (the web host before it listens, the composition for Electron): one walk per folder and process.
 * Symbolic links are left alone: their target may be anywhere and is not ours to change.
 * Windows relies on the profile's ACLs instead.
 */
export function ensurePrivateDataDir(dir: string, platform: NodeJS.Platform = process.platform, subfolderDelayMs = 3000): Promise<void> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return Promise.resolve();
  restrictSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) restrictSync(path.join(dir, entry.name), 0o600);
  }
  const key = path.resolve(dir);
  const pending = subfolderWalks.get(key);
  if (pending) return pending;
  const walk = new Promise<void>((resolve) => {
    // unref: a host stopping meanwhile does not wait for it; the next start walks again.
    setTimeout(resolve, subfolderDelayMs).unref();
  })
    .then(() => fs.promises.readdir(dir, { withFileTypes: true }))
    .then((entries) => Promise.all(entries.filter((e) => e.isDirectory()).map((e) => restrictTree(path.join(dir, e.name)))))
    .then(() => undefined)
    .finally(() => subfolderWalks.delete(key));
  subfolderWalks.set(key, walk);
  return walk;
}

/** Sub-folder walks under way, by data folder. */
const subfolderWalks = new Map<string, Promise<void>>();

function restrictSync(target: string, mode: number): void {
  try {
    if ((fs.statSync(target).mode & 0o777) !== mode) fs.chmodSync(target, mode);
  } catch {
    // Removed meanwhile, or another account's file: the folder's own 0700 still hides it.
  }
}

async function restrictTree(folder: string): Promise<void> {
  await fs.promises.chmod(folder, 0o700).catch(() => undefined);
  const entries = await fs.promises.readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const child = path.join(folder, entry.name);
    if (entry.isDirectory()) await restrictTree(child);
    else if (entry.isFile()) await fs.promises.chmod(child, 0o600).catch(() => undefined);
  }
}

/**
 * Files a plain-Node host creates without naming a mode (logs, blobs, staged files, simulators' keys)
 * get 0600 and folders 0700: the process-wide equivalent of creating each with restrictive rights.
 * Only for the web host's own process, which writes nowhere but the data folder.
 */
export function restrictNewFiles(): void {
  if (process.platform !== 'win32') process.umask(0o077);
}
