import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { sanitizeZipEntryName } from './safeZip.js';

/**
 * Store-only ZIP writer (no compression) producing a stream, so that neither the simulator's
 * download of a large PES with its acquittement nor the app's `<main>.pdf.zip` deposit ever holds a
 * file in memory. File entries are read twice: once for the CRC, once for the bytes (a file that
 * changes in between is refused, rather than producing an archive whose CRC lies).
 *
 * Names are written exactly as given, UTF-8 encoded with the UTF-8 flag (general purpose bit 11):
 * nothing is escaped or transliterated. A name our own reader would refuse (absolute, drive letter,
 * `..`, backslash, control characters) is refused here too, so Guichet never produces an archive
 * it would not open. Classic ZIP only (no ZIP64): each file and the whole archive stay below 4 GiB.
 */

export type ZipEntry = { name: string; data: Buffer } | { name: string; path: string };

const utf8Flag = 0x0800;
const zip32Max = 0xffffffff;

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(1980, d.getFullYear()) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

function invalidEntry(reason: 'invalidName' | 'nameTooLong', name: string): GuichetError {
  return new GuichetError('INVALID_INPUT', { key: `app:hostErrors.zipWriter.${reason}`, params: { name: reason === 'nameTooLong' ? `${name.slice(0, 60)}…` : name }, details: { entry: name } });
}

function encodeName(name: string): Buffer {
  try {
    // The format's separator is '/': a backslash would be read as one by some tools, not by others.
    if (name.includes('\\')) throw new Error('backslash');
    sanitizeZipEntryName(name);
  } catch {
    throw invalidEntry('invalidName', name);
  }
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > 0xffff) throw invalidEntry('nameTooLong', name);
  return bytes;
}

async function crcAndSize(entry: ZipEntry): Promise<{ crc: number; size: number }> {
  if ('data' in entry) return { crc: crc32(entry.data), size: entry.data.length };
  let crc = 0;
  for await (const chunk of createReadStream(entry.path)) crc = crc32(chunk as Buffer, crc);
  return { crc, size: (await stat(entry.path)).size };
}

function tooLargeForZip32(): GuichetError {
  return new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.zipWriter.tooLarge', params: { limit: 4 * 1024 ** 3 } });
}

export async function* zipStream(entries: ZipEntry[], now: Date = new Date()): AsyncGenerator<Buffer> {
  if (entries.length > 0xffff) throw new GuichetError('INVALID_INPUT', { key: 'app:hostErrors.zipWriter.tooManyEntries', params: { max: 0xffff } });
  const names = entries.map((e) => encodeName(e.name));
  const { time, date } = dosDateTime(now);
  const central: Buffer[] = [];
  let offset = 0;
  for (const [index, entry] of entries.entries()) {
    const name = names[index]!;
    const { crc, size } = await crcAndSize(entry);
    if (size > zip32Max || offset + 30 + name.length + size > zip32Max) throw tooLargeForZip32();
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(utf8Flag, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    yield local;
    yield name;
    if ('data' in entry) {
      yield entry.data;
    } else {
      let written = 0;
      for await (const chunk of createReadStream(entry.path)) {
        written += (chunk as Buffer).length;
        if (written > size) break;
        yield chunk as Buffer;
      }
      if (written !== size) {
        throw new GuichetError('FILE_REJECTED', { key: 'app:hostErrors.zipWriter.changed', params: { name: entry.name }, details: { entry: entry.name } });
      }
    }

    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(utf8Flag, 8);
    cd.writeUInt16LE(0, 10);
    cd.writeUInt16LE(time, 12);
    cd.writeUInt16LE(date, 14);
    cd.writeUInt32LE(crc >>> 0, 16);
    cd.writeUInt32LE(size, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + size;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  if (offset + cdSize > zip32Max) throw tooLargeForZip32();
  yield* central;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12);
  end.writeUInt32LE(offset, 16);
  yield end;
}
