import { z } from 'zod';
import { syncUserSchema, type FastUser } from '../../../../shared/domain/parapheur.js';
import type { Problem } from '../deposit/depositPlan.js';

export type SyncUser = z.output<typeof syncUserSchema>;

const maxUsers = 5000;

/**
 * Reads the list the clerk pasted or loaded. Refuses an empty list outright: FAST deletes every
 * user absent from the body, so "[]" would wipe the whole directory.
 */
export function parseSyncUsers(text: string): { ok: true; users: SyncUser[] } | { ok: false; problem: Problem } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { key: 'users.sync.errors.json', values: { message: (error as Error).message } } };
  }
  if (!Array.isArray(data)) return { ok: false, problem: { key: 'users.sync.errors.notArray' } };
  if (data.length === 0) return { ok: false, problem: { key: 'users.sync.errors.empty' } };
  if (data.length > maxUsers) return { ok: false, problem: { key: 'users.sync.errors.tooMany' } };
  const users: SyncUser[] = [];
  for (const [i, item] of data.entries()) {
    const parsed = syncUserSchema.safeParse(item);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.map(String).join('.') ?? '';
      return field === ''
        ? { ok: false, problem: { key: 'users.sync.errors.itemShape', values: { n: i + 1 } } }
        : { ok: false, problem: { key: 'users.sync.errors.item', values: { n: i + 1, field } } };
    }
    users.push({ ...parsed.data, email: parsed.data.email.trim().toLowerCase() });
  }
  return { ok: true, users };
}

/** The directory as FAST exports it, in the synchronisation format: a safe starting point to edit. */
export function usersToSyncJson(users: readonly FastUser[]): string {
  const list = users.map((u) => ({
    authenticationType: u.authenticationType === 'BASIC' ? 'BASIC' : 'CERTIFICAT',
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    groups: u.groups,
  }));
  return JSON.stringify(list, null, 2);
}
