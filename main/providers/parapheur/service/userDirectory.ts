import { GuichetError } from '../../../../shared/ipc/errors.js';
import type { FastUser } from '../../../../shared/domain/parapheur.js';
import type { ParapheurUser, SynchronizedUser } from '../client.js';
import { isTechnicalUser } from '../users.js';
import type { ParapheurSession } from './parapheurConnection.js';

function toFastUser(u: ParapheurUser): FastUser {
  const raw = u.raw as { groupes?: unknown; groups?: unknown };
  const groups = Array.isArray(raw.groupes) ? raw.groupes : Array.isArray(raw.groups) ? raw.groups : [];
  const circuits = (u.circuits ?? [])
    .map((c) => (c && typeof c === 'object' ? ((c as { circuitName?: string; circuitId?: string }).circuitName ?? (c as { circuitId?: string }).circuitId) : undefined))
    .filter((x): x is string => typeof x === 'string');
  return { email: u.email, firstName: u.firstName, lastName: u.lastName, authenticationType: u.authenticationType, groups: groups.map(String), circuits };
}

/** What synchronizationUsers would do, computed here: FAST deletes every user absent from the body. */
export function diffUsers(current: readonly ParapheurUser[], wanted: readonly SynchronizedUser[]) {
  const existing = new Map(current.map((u) => [u.email.toLowerCase(), u]));
  const target = new Map(wanted.map((u) => [u.email.trim().toLowerCase(), u]));
  const created: string[] = [];
  const updated: string[] = [];
  const deleted: string[] = [];
  for (const [email, w] of target) {
    const e = existing.get(email);
    if (!e) created.push(email);
    else if (e.firstName !== w.firstName || e.lastName.toUpperCase() !== w.lastName.toUpperCase() || e.authenticationType !== w.authenticationType) updated.push(email);
  }
  for (const email of existing.keys()) if (!target.has(email)) deleted.push(email);
  return { created: created.sort(), updated: updated.sort(), deleted: deleted.sort() };
}

export function createUserDirectory() {
  return {
    async export(session: ParapheurSession): Promise<FastUser[]> {
      const users = await session.client.exportUsersData();
      return users.filter((u) => !isTechnicalUser(u)).map(toFastUser);
    },
    async preview(session: ParapheurSession, wanted: SynchronizedUser[]) {
      return diffUsers(await session.client.exportUsersData(), wanted);
    },
    /**
     * Guarded synchronizationUsers: the diff is computed again right before the call, and the clerk's
     * confirmation must name exactly the number of users that will be deleted.
     */
    async apply(session: ParapheurSession, wanted: SynchronizedUser[], confirmDeletions: number) {
      const diff = diffUsers(await session.client.exportUsersData(), wanted);
      if (diff.deleted.length !== confirmDeletions) {
        throw new GuichetError(
          'CONFIRMATION_MISMATCH',
          { key: 'parapheur:hostErrors.confirmationMismatch', params: { count: diff.deleted.length, confirmed: confirmDeletions }, details: diff },
        );
      }
      const result = await session.client.synchronizeUsers(wanted);
      return { applied: result.ok, failures: result.failures.map((f) => (typeof f === 'string' ? f : JSON.stringify(f))), diff };
    },
  };
}
