import { crc32, deflateSync } from 'node:zlib';

/**
 * Small valid PNG pictures standing in for the photos ID360 collects (identity card sides, selfie):
 * real images a viewer opens, distinct per file so that their hashes differ.
 */

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export interface PictureSpec {
  width: number;
  height: number;
  /** Background and band colours, so that each side/selfie looks different. */
  background: [number, number, number];
  band: [number, number, number];
}

export function renderPng(spec: PictureSpec): Buffer {
  const { width, height, background, band } = spec;
  const row = 1 + width * 3;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) {
    raw[y * row] = 0; // filter: none
    const inBand = y > height * 0.6 && y < height * 0.8;
    for (let x = 0; x < width; x++) {
      const inPhoto = x > width * 0.08 && x < width * 0.3 && y > height * 0.15 && y < height * 0.55;
      const colour = inBand || inPhoto ? band : background;
      raw.set(colour, y * row + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
