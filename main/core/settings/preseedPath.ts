import { resolve } from 'node:path';
import { GuichetError } from '../../../shared/ipc/errors.js';

/**
 * Where the administrator's configuration file is: `--config <file>` (or `--config=<file>`)
 * wins over the GUICHET_CONFIG environment variable. Null when neither is given.
 */
export function resolvePreseedPath(argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--config') {
      const value = argv[i + 1];
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new GuichetError('INVALID_CONFIG', { key: 'app:hostErrors.config.missingPath' });
      }
      return resolve(value);
    }
    if (arg.startsWith('--config=')) {
      const value = arg.slice('--config='.length);
      if (value === '') {
        throw new GuichetError('INVALID_CONFIG', { key: 'app:hostErrors.config.missingPath' });
      }
      return resolve(value);
    }
  }
  const fromEnv = env.GUICHET_CONFIG?.trim();
  return fromEnv ? resolve(fromEnv) : null;
}
