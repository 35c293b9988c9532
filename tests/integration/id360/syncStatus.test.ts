import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/database.js';
import { allMigrations } from '../../../main/providers/registry.js';
import { call } from '../parapheur/guichetHarness.js';
import { useTempDirs } from '../core/tempDirs.js';
import { OPENING_PROCESS } from './id360Harness.js';
import { startCustomBed, type CustomBed } from './customBed.js';

/**
 * The tracker's sync line (issue 12, « Offline »): when ID360 last answered, whether the last attempt
 * reached it, and what waits — kept in the database (migration 017), so it is still said after a
 * restart and with ID360 gone.
 */

const tempDir = useTempDirs('id360-sync-status');
let bed: CustomBed | null = null;
afterEach(async () => {
  await bed?.stop();
  bed = null;
});

describe('ID360 tracker sync line', () => {
  it('says when ID360 last answered, « injoignable » once a pass cannot reach it, and what waits', async () => {
    bed = await startCustomBed();
    const g = bed.guichet;
    expect(await call(g, 'id360.sync.status', {})).toEqual({ lastSyncedAt: null, unreachable: false, following: 0, filesWaiting: 0 });

    const { row } = await call(g, 'id360.enrollments.create', { processUuid: OPENING_PROCESS, clientReference: 'DOSSIER-SYNC', person: {}, lock: [] });
    await bed.pass(row.localId);
    const reached = await call(g, 'id360.sync.status', {});
    expect(reached).toEqual({ lastSyncedAt: bed.now().toISOString(), unreachable: false, following: 1, filesWaiting: 0 });

    // ID360 gone (every connection refused): the next pass fails, the line keeps when it last answered.
    const events: unknown[] = [];
    const off = g.bus.on('id360.sync.changed', (s) => events.push(s));
    await bed.sim.stop();
    bed.advance(60 * 60_000);
    await bed.pass(row.localId);
    off();
    const cut = await call(g, 'id360.sync.status', {});
    expect(cut).toEqual({ lastSyncedAt: reached.lastSyncedAt, unreachable: true, following: 1, filesWaiting: 0 });
    expect(events.at(-1)).toEqual(cut);
  });

  it('migration 17 adds the state to an older database, with nothing said until the tracker runs', () => {
    const file = join(tempDir(), 'guichet.sqlite');
    openDatabase(
      file,
      allMigrations.filter((m) => m.version < 17),
    ).close();
    const db = openDatabase(file, allMigrations);
    expect(db.prepare('SELECT count(*) AS n FROM id360_sync_state').get()).toEqual({ n: 0 });
    db.close();
  });
});
