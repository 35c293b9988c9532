import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/core/log/logger.js';
import { useTempDirs } from './tempDirs.js';

const tempDir = useTempDirs('log');

function linesOf(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logger', () => {
  it('writes JSON lines with time, level, message and meta, filtered by level', async () => {
    const dir = tempDir();
    const logger = createLogger({ dir, level: 'info' });
    logger.debug('invisible');
    logger.info('démarrage', { version: '0.1.0' });
    logger.warn('lent');
    logger.error('échec', { status: 503 });
    await logger.close();

    expect(logger.file).toBe(join(dir, 'guichet.log'));
    const lines = linesOf(logger.file);
    expect(lines.map((l) => [l.level, l.msg, l.meta])).toEqual([
      ['info', 'démarrage', { version: '0.1.0' }],
      ['warn', 'lent', undefined],
      ['error', 'échec', { status: 503 }],
    ]);
    expect(Number.isNaN(Date.parse(String(lines[0]?.t)))).toBe(false);
  });

  it('never writes a secret or personal data given through the message or the meta', async () => {
    const dir = tempDir();
    const logger = createLogger({ dir, level: 'debug' });
    const secrets = ['hunter2', 'tok-0123456789abcdef', 'cs-SECRET-42', 'jeanne.dupont@example.fr', '0612345678', 'MIIEvQIBADAN'];
    logger.info(`connexion de jeanne.dupont@example.fr avec password=hunter2`);
    logger.debug('requête', {
      url: 'https://api.example.fr/token?client_secret=cs-SECRET-42',
      headers: { Authorization: 'Bearer tok-0123456789abcdef' },
      body: { phone: '0612345678' },
    });
    logger.error('certificat refusé', new Error('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADAN\n-----END PRIVATE KEY-----'));
    await logger.close();

    const content = readFileSync(logger.file, 'utf8');
    expect(content.split('\n').filter(Boolean)).toHaveLength(3);
    for (const secret of secrets) expect(content).not.toContain(secret);
    expect(content).toContain('[REDACTED]');
  });

  it('flush() waits for the lines already logged, and appends to an existing file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'guichet.log'), `${JSON.stringify({ t: 'x', level: 'info', msg: 'avant' })}\n`);
    const logger = createLogger({ dir });
    for (let i = 0; i < 200; i += 1) logger.info(`ligne ${i}`);
    await logger.flush();
    const lines = linesOf(logger.file);
    expect(lines).toHaveLength(201);
    expect(lines[0]?.msg).toBe('avant');
    expect(lines[200]?.msg).toBe('ligne 199');
    await logger.close();
    logger.info('après fermeture');
    await logger.flush();
    expect(linesOf(logger.file)).toHaveLength(201);
  });

  it('rotates past maxBytes and keeps at most maxFiles files', async () => {
    const dir = tempDir();
    const logger = createLogger({ dir, maxBytes: 2_000, maxFiles: 3 });
    for (let i = 0; i < 300; i += 1) {
      logger.info(`ligne ${String(i).padStart(4, '0')}`, { padding: 'x'.repeat(40) });
      if (i % 50 === 0) await logger.flush(); // rotations both within a batch and between batches
    }
    await logger.close();

    expect(readdirSync(dir).sort()).toEqual(['guichet.log', 'guichet.log.1', 'guichet.log.2']);
    const files = ['guichet.log.2', 'guichet.log.1', 'guichet.log'].map((name) => join(dir, name));
    for (const file of files) expect(readFileSync(file).length).toBeLessThanOrEqual(2_000);
    // Oldest to newest, the kept lines follow each other and end with the last one logged.
    const kept = files.flatMap(linesOf).map((l) => Number(String(l.msg).slice(6)));
    expect(kept.at(-1)).toBe(299);
    expect(kept).toEqual(kept.map((_, i) => (kept[0] as number) + i));
  });

  it('removes archives beyond a lowered maxFiles', async () => {
    const dir = tempDir();
    for (const name of ['guichet.log', 'guichet.log.1', 'guichet.log.2', 'guichet.log.3', 'guichet.log.4']) {
      writeFileSync(join(dir, name), 'x'.repeat(500));
    }
    const logger = createLogger({ dir, maxBytes: 600, maxFiles: 2 });
    logger.info('déclenche une rotation', { padding: 'y'.repeat(200) });
    await logger.close();
    expect(readdirSync(dir).sort()).toEqual(['guichet.log', 'guichet.log.1']);
    expect(linesOf(join(dir, 'guichet.log'))[0]?.msg).toBe('déclenche une rotation');
  });
});
