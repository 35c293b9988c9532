import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Guichet } from '../../../main/composition.js';
import { call, startTestGuichet, tempDir } from './guichetHarness.js';

let running: { guichet: Guichet; dir: string } | null = null;

afterEach(async () => {
  if (!running) return;
  await running.guichet.stop();
  fs.rmSync(running.dir, { recursive: true, force: true });
  running = null;
});

const imports = async (guichet: Guichet) =>
  (await call(guichet, 'journal.list', { limit: 1000 })).filter((e) => e.action === 'parapheur.certificate.sandbox');

describe('the simulator’s test certificate', () => {
  it('is imported and written to the journal once when several screens ask for FAST at the same time', async () => {
    const dir = tempDir('guichet-sandbox-cert-');
    const guichet = await startTestGuichet(dir);
    running = { guichet, dir };
    const connection = guichet.parapheur!.connection;
    await connection.session();
    const before = (await imports(guichet)).length;
    expect(before).toBe(1);

    // The vault lost it (another data folder, a cleared secret): the next callers import it again, once.
    await guichet.vault.delete('parapheur.sandboxCertificate');
    connection.invalidate();
    await Promise.all([connection.session(), connection.session(), connection.session()]);
    expect(await imports(guichet)).toHaveLength(before + 1);
  });
});
