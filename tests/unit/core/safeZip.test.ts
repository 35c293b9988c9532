import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBlobStore, type BlobStore } from '../../../main/core/blobs/blobStore.js';
import { defaultZipLimits, extractZipSafely, type ZipLimits } from '../../../main/core/files/safeZip.js';
import { zipStream } from '../../../main/core/files/zipWriter.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { clerkMessage } from '../../support/clerkText.js';

/** One entry of a hand-written archive: every header field an attacker controls is settable. */
interface RawEntry {
  name: string | Buffer;
  data?: Buffer;
  method?: 0 | 8;
  flags?: number;
  /** Bytes stored in the archive (defaults to data, deflated when method is 8). */
  stored?: Buffer;
  crc?: number;
  compressedSize?: number;
  uncompressedSize?: number;
  externalAttributes?: number;
  versionMadeBy?: number;
}

/** Writes a ZIP byte by byte, lying wherever the entry says so. */
function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
    const data = e.data ?? Buffer.alloc(0);
    const method = e.method ?? 0;
    const stored = e.stored ?? (method === 8 ? deflateRawSync(data) : data);
    const crc = e.crc ?? crc32(data);
    const csize = e.compressedSize ?? stored.length;
    const usize = e.uncompressedSize ?? data.length;
    const flags = e.flags ?? 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(csize, 18);
    local.writeUInt32LE(usize, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, stored);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(e.versionMadeBy ?? 20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(csize, 20);
    cd.writeUInt32LE(usize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(e.externalAttributes ?? 0, 38);
    cd.writeUInt32LE(offset, 42);
    centrals.push(cd, name);
    offset += 30 + name.length + stored.length;
  }
  const cdBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBytes, end]);
}

const limits: ZipLimits = { maxEntries: 10_000, maxTotalBytes: 20 * 1024 ** 2, maxEntryBytes: 10 * 1024 ** 2, maxRatio: 100 };

let root: string;
let blobs: BlobStore;

beforeEach(() => {
  // Nested in a private parent: the traversal probes look one level up, which must not be the
  // shared temporary folder (another process's /tmp/x would fail them).
  root = fs.mkdtempSync(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-safezip-')), 'root-'));
  blobs = createBlobStore(path.join(root, 'target', 'blobs'));
});

afterEach(() => {
  fs.rmSync(path.dirname(root), { recursive: true, force: true });
});

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => !d.isDirectory()).map((d) => path.relative(root, path.join(d.parentPath, d.name)));
}

function writeZip(bytes: Buffer): string {
  const file = path.join(root, 'incoming', 'archive.zip');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

/** Extracts an archive that must be refused; checks the refusal and that nothing leaked anywhere. */
async function expectRefused(bytes: Buffer, message: RegExp, over: Partial<ZipLimits> = {}, opts: { noBlob?: boolean } = { noBlob: true }) {
  const zipPath = writeZip(bytes);
  const before = listFiles(root);
  const error = await extractZipSafely(zipPath, { ...limits, ...over, blobs }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GuichetError);
  expect((error as GuichetError).code).toBe('FILE_REJECTED');
  // The sentence the clerk reads, through the renderer's catalogue.
  expect(clerkMessage(error)).toMatch(message);
  const after = listFiles(root);
  // Nothing outside the blob store, no temporary file left inside it.
  expect(after.filter((f) => !f.startsWith(path.join('target', 'blobs') + path.sep))).toEqual(before);
  expect(fs.readdirSync(path.join(blobs.dir, 'tmp'))).toEqual([]);
  if (opts.noBlob) expect(after).toEqual(before);
  // The classic targets of a traversal, relative to the store and the archive.
  for (const probe of ['evil.txt', 'passwd', 'x', 'b']) {
    for (const dir of [root, path.dirname(root), blobs.dir, path.join(root, 'incoming')]) expect(fs.existsSync(path.join(dir, probe))).toBe(false);
  }
  return error as GuichetError;
}

async function readBlob(sha: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of blobs.openRead(sha)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const ok = (name = 'ok.pdf'): RawEntry => ({ name, data: Buffer.from('%PDF-1.4 bonjour') });

describe('extractZipSafely refuses hostile archives', () => {
  it('refuses ../../evil.txt', async () => {
    await expectRefused(rawZip([ok(), { name: '../../evil.txt', data: Buffer.from('pwned') }]), /tente de sortir du dossier de l’archive/);
  });

  it('refuses an absolute path', async () => {
    await expectRefused(rawZip([{ name: '/etc/passwd', data: Buffer.from('root:x:0:0') }]), /« \/etc\/passwd » est un chemin absolu/);
  });

  it('refuses a drive letter', async () => {
    await expectRefused(rawZip([{ name: 'C:\\x', data: Buffer.from('x') }]), /désigne un lecteur/);
    await expectRefused(rawZip([{ name: 'c:x', data: Buffer.from('x') }]), /désigne un lecteur/);
  });

  it('refuses a backslash traversal and a UNC path', async () => {
    await expectRefused(rawZip([{ name: 'a\\..\\..\\b', data: Buffer.from('b') }]), /« a\\\.\.\\\.\.\\b » tente de sortir du dossier/);
    await expectRefused(rawZip([{ name: '\\\\server\\share\\x', data: Buffer.from('b') }]), /chemin absolu/);
    await expectRefused(rawZip([{ name: 'ok\\..\\..\\evil.txt', data: Buffer.from('b'), flags: 0 }]), /tente de sortir du dossier/);
  });

  it('reads a plain backslash as a folder separator, as Windows tools wrote it', async () => {
    const entries = await extractZipSafely(writeZip(rawZip([{ name: 'dossier\\b.txt', data: Buffer.from('b') }])), { ...limits, blobs });
    expect(entries.map((e) => e.name)).toEqual(['dossier/b.txt']);
  });

  it('refuses a traversal hidden in a folder entry or after a valid prefix', async () => {
    await expectRefused(rawZip([{ name: 'a/b/../../../evil.txt', data: Buffer.from('x') }]), /tente de sortir/);
    await expectRefused(rawZip([{ name: '../', data: Buffer.alloc(0) }]), /tente de sortir/);
  });

  it('refuses a NUL byte in a name', async () => {
    await expectRefused(rawZip([{ name: Buffer.from('facture.pdf\u0000.exe', 'latin1'), data: Buffer.from('x') }]), /caractère nul/);
  });

  it('refuses control characters in a name', async () => {
    await expectRefused(rawZip([{ name: 'a\u0007b.txt', data: Buffer.from('x') }]), /caractères de contrôle/);
  });

  it('refuses a symbolic link (unix mode in the external attributes)', async () => {
    await expectRefused(
      rawZip([ok(), { name: 'lien', data: Buffer.from('/etc/passwd'), versionMadeBy: (3 << 8) | 20, externalAttributes: (0o120777 << 16) >>> 0 }]),
      /« lien » est un lien symbolique/,
    );
  });

  it('refuses devices and pipes', async () => {
    await expectRefused(rawZip([{ name: 'fifo', data: Buffer.alloc(0), versionMadeBy: (3 << 8) | 20, externalAttributes: (0o010644 << 16) >>> 0 }]), /n’est pas un fichier ordinaire/);
  });

  it('refuses an encrypted entry', async () => {
    await expectRefused(rawZip([{ name: 'secret.pdf', data: Buffer.from('x'), stored: Buffer.alloc(13), compressedSize: 13, flags: 0x0801 }]), /est chiffré/);
  });

  it('refuses an unknown compression method', async () => {
    const bytes = rawZip([{ name: 'a.bin', data: Buffer.from('abc') }]);
    // Method 14 (LZMA) in the central directory.
    const cd = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt16LE(14, cd + 10);
    await expectRefused(bytes, /méthode de compression non prise en charge/);
  });

  it('refuses 10 001 entries before reading any of them', async () => {
    const entries = Array.from({ length: 10_001 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(String(i)) }));
    const error = await expectRefused(rawZip(entries), /trop de fichiers \(10\s001\) ; 10\s000 au plus/);
    expect(error.details).toMatchObject({ maxEntries: 10_000, entryCount: 10_001 });
  });

  it('refuses a zip bomb whose header tells the truth (entry over the limit)', async () => {
    const zeros = Buffer.alloc(50 * 1024 ** 2);
    await expectRefused(rawZip([{ name: 'bombe.pdf', data: zeros, method: 8 }]), /une fois décompressé, « bombe\.pdf » dépasse la taille maximale de 10 Mo/);
  });

  it('refuses a suspicious compression ratio even within the size limits', async () => {
    const zeros = Buffer.alloc(8 * 1024 ** 2);
    await expectRefused(rawZip([{ name: 'bombe.pdf', data: zeros, method: 8 }]), /proportions anormales \(bombe de décompression probable\)/);
  });

  it('counts inflated bytes: a header that understates the size is caught while streaming', async () => {
    const zeros = Buffer.alloc(30 * 1024 ** 2);
    // Claims 4 KiB: passes every check made on the header, and still never lands as a blob.
    const error = await expectRefused(
      rawZip([ok('avant.pdf'), { name: 'menteur.pdf', data: zeros, method: 8, uncompressedSize: 4096 }]),
      /la taille réelle de « menteur\.pdf » ne correspond pas à celle annoncée/,
      { maxRatio: 1e9 },
      { noBlob: false },
    );
    expect(clerkMessage(error)).not.toMatch(/too many/);
    // Only the honest entry stored before the lie was found can remain (content-addressed, unreferenced).
    const blobsLeft = listFiles(blobs.dir).filter((f) => !f.includes(`${path.sep}tmp${path.sep}`));
    expect(blobsLeft.length).toBeLessThanOrEqual(1);
    for (const f of blobsLeft) expect(fs.statSync(path.join(root, f)).size).toBeLessThan(100);
  });

  it('refuses many entries each just under the per-entry ratio grace (200 × 1 MiB in a small ZIP)', async () => {
    const entries = Array.from({ length: 200 }, (_, i): RawEntry => {
      const data = Buffer.alloc(1024 ** 2);
      data[data.length - 1] = i;
      return { name: `page${i}.pdf`, data, method: 8 };
    });
    const bytes = rawZip(entries);
    expect(bytes.length).toBeLessThan(400 * 1024);
    // The application's own limits: each entry alone passes them, the archive as a whole must not.
    const error = await expectRefused(bytes, /son contenu se décompresse dans des proportions anormales/, defaultZipLimits);
    expect(clerkMessage(error)).not.toMatch(/page\d+\.pdf/);
  });

  it('refuses an archive whose total inflated size exceeds the limit', async () => {
    const chunk = crypto.randomBytes(3 * 1024 ** 2);
    await expectRefused(
      rawZip([1, 2, 3].map((i) => ({ name: `part${i}.bin`, data: Buffer.concat([chunk, Buffer.from([i])]) }))),
      /son contenu décompressé dépasse la taille maximale de 8 Mo/,
      { maxTotalBytes: 8 * 1024 ** 2 },
    );
  });

  it('refuses a corrupted entry (CRC mismatch)', async () => {
    await expectRefused(rawZip([{ name: 'a.pdf', data: Buffer.from('%PDF-1.4 abc'), crc: 1234 }]), /ne correspond pas à son empreinte \(CRC\)/, {}, { noBlob: false });
  });

  it('refuses the same file twice (also with a different case)', async () => {
    await expectRefused(rawZip([ok('Annexe.pdf'), ok('annexe.pdf')]), /deux fois le fichier/);
  });

  it('refuses something that is not a ZIP', async () => {
    await expectRefused(Buffer.from('%PDF-1.4 pas une archive'), /illisible ou endommagée/);
  });
});

describe('zipWriter + extractZipSafely round trip', () => {
  it('keeps UTF-8 names (bit 11 set), contents and folders', async () => {
    const annex = path.join(root, 'annexe.xml');
    fs.writeFileSync(annex, '<?xml version="1.0"?><annexe>Délibération</annexe>');
    const main = Buffer.from('%PDF-1.4\n% Arrêté\n%%EOF\n');
    const zipPath = path.join(root, 'Arrêté n°1.pdf.zip');
    await pipeline(
      Readable.from(
        zipStream([
          { name: 'Arrêté n°1.pdf', data: main },
          { name: 'annexes/Délibération du 12 mars.xml', path: annex },
          { name: 'vide.txt', data: Buffer.alloc(0) },
        ]),
      ),
      fs.createWriteStream(zipPath),
    );
    const raw = fs.readFileSync(zipPath);
    expect(raw.readUInt16LE(6) & 0x0800).toBe(0x0800);
    expect(raw.includes(Buffer.from('Arrêté n°1.pdf', 'utf8'))).toBe(true);

    const entries = await extractZipSafely(zipPath, { ...limits, blobs });
    expect(entries.map((e) => e.name)).toEqual(['Arrêté n°1.pdf', 'annexes/Délibération du 12 mars.xml', 'vide.txt']);
    expect(await readBlob(entries[0]!.sha256)).toEqual(main);
    expect(entries[0]!.sha256).toBe(crypto.createHash('sha256').update(main).digest('hex'));
    expect((await readBlob(entries[1]!.sha256)).toString('utf8')).toContain('Délibération');
    expect(entries[2]!.size).toBe(0);
    // Nothing but blobs was written.
    expect(listFiles(root).filter((f) => !f.startsWith(path.join('target', 'blobs'))).sort()).toEqual(['annexe.xml', 'Arrêté n°1.pdf.zip'].sort());
  });

  it('accepts deflated entries, folder entries and harmless highly compressible small files', async () => {
    const text = Buffer.from(' '.repeat(200_000));
    const zipPath = writeZip(rawZip([{ name: 'dossier/', data: Buffer.alloc(0), externalAttributes: (0o040755 << 16) >>> 0, versionMadeBy: (3 << 8) | 20 }, { name: 'dossier/blanc.txt', data: text, method: 8 }]));
    const entries = await extractZipSafely(zipPath, { ...limits, blobs });
    expect(entries).toEqual([{ name: 'dossier/blanc.txt', sha256: crypto.createHash('sha256').update(text).digest('hex'), size: text.length }]);
  });

  it('sanitises names: ./ segments, doubled slashes, Windows-forbidden characters', async () => {
    const zipPath = writeZip(rawZip([ok('./a//b:c?.pdf'), ok('CP437 caf\u00e9.txt')]));
    const entries = await extractZipSafely(zipPath, { ...limits, blobs });
    expect(entries.map((e) => e.name)).toEqual(['a/b_c_.pdf', 'CP437 café.txt']);
  });

  it('removes bidi overrides and zero-width characters from entry names', async () => {
    const zipPath = writeZip(rawZip([ok('facture\u202Efdp.exe'), ok('\u200Bdossier/avis\u2066.pdf')]));
    const entries = await extractZipSafely(zipPath, { ...limits, blobs });
    expect(entries.map((e) => e.name)).toEqual(['facturefdp.exe', 'dossier/avis.pdf']);
  });

  it('decodes CP437 names when the UTF-8 flag is absent', async () => {
    // 0x82 is "é" in CP437.
    const zipPath = writeZip(rawZip([{ name: Buffer.from([0x63, 0x61, 0x66, 0x82, 0x2e, 0x74, 0x78, 0x74]), data: Buffer.from('x'), flags: 0 }]));
    const entries = await extractZipSafely(zipPath, { ...limits, blobs });
    expect(entries.map((e) => e.name)).toEqual(['café.txt']);
  });

  it('the writer refuses names it would not read back', async () => {
    for (const name of ['../evil.txt', '/etc/passwd', 'C:\\x', 'a\\b']) {
      const it = zipStream([{ name, data: Buffer.from('x') }]);
      const error = await it.next().then(() => null, (e: unknown) => e);
      expect(clerkMessage(error)).toMatch(/ne peut pas figurer dans une archive ZIP/);
    }
  });
});
