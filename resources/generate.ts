/**
 * Regenerates the committed resources: the app icon (electron-builder), the drag-out icon and the
 * sandbox sample documents a clerk can drop in Sandbox mode. Run from the repository root: npx esbuild resources/generate.ts --bundle --platform=node --format=esm --outfile=dist/generate.mjs && node dist/generate.mjs
 * The outputs are committed, so neither the build nor the tests need it.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { renderTextPdf } from '../main/sandbox/parapheur/pdf.js';

// Run from the repository root (bundled or not): the outputs go next to this file's folder.
const here = path.resolve(process.cwd(), 'resources');

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A navy rounded tile with a white counter window ("guichet") and a signature stroke. */
function icon(size: number): Buffer {
  const r = size * 0.18;
  return png(size, (x, y) => {
    const cx = Math.min(Math.max(x, r), size - r);
    const cy = Math.min(Math.max(y, r), size - r);
    if (Math.hypot(x - cx, y - cy) > r) return [0, 0, 0, 0];
    const u = x / size;
    const v = y / size;
    const inWindow = u > 0.22 && u < 0.78 && v > 0.2 && v < 0.58;
    const counter = u > 0.16 && u < 0.84 && v > 0.62 && v < 0.7;
    const stroke = u > 0.3 && u < 0.7 && Math.abs(v - (0.4 + 0.06 * Math.sin((u - 0.3) * 20))) < 0.025;
    if (stroke) return [0, 0, 145, 255];
    if (inWindow || counter) return [255, 255, 255, 255];
    return [0, 0, 145, 255];
  });
}

fs.writeFileSync(path.join(here, 'build', 'icon.png'), icon(512));
fs.writeFileSync(path.join(here, 'icons', 'drag.png'), icon(32));

const samples: { file: string; title: string; lines: string[] }[] = [
  {
    file: 'Arrêté municipal — circulation rue Voltaire.pdf',
    title: 'Arrêté municipal n° 2026-142',
    lines: ['Le Maire de la commune,', 'Vu le Code général des collectivités territoriales,', 'Considérant les travaux de voirie prévus du 1er au 12 décembre 2026,', 'ARRÊTE', 'Article 1 : la circulation est interdite rue Voltaire, entre les n° 4 et 28.', 'Article 2 : une déviation est mise en place par l’avenue Jean-Jaurès.'],
  },
  {
    file: 'Délibération — budget supplémentaire 2026.pdf',
    title: 'Délibération du conseil municipal n° 2026-087',
    lines: ['Séance du 12 novembre 2026', 'Présents : 23 — Représentés : 4 — Absents : 2', 'Objet : décision modificative n° 2 — budget principal', 'Le conseil municipal, après en avoir délibéré, adopte à l’unanimité la décision modificative.'],
  },
  {
    file: 'Courrier — réponse à Mme Lefèvre.pdf',
    title: 'Réponse à votre demande du 3 novembre 2026',
    lines: ['Madame Élodie Lefèvre', '12, allée des Tilleuls — 31000 Toulouse', 'Madame,', 'Nous accusons réception de votre demande d’occupation du domaine public.', 'Veuillez agréer, Madame, l’expression de nos salutations distinguées.'],
  },
  {
    file: 'Contrat — maintenance ascenseurs.pdf',
    title: 'Contrat de maintenance n° C-2026-031',
    lines: ['Entre la commune et la société Ascenseurs du Midi SARL', 'Durée : 36 mois à compter du 1er janvier 2027', 'Montant annuel : 14 280,00 € HT'],
  },
];
const fixed = new Date('2026-11-20T09:00:00Z');
for (const s of samples) fs.writeFileSync(path.join(here, 'sandbox', 'documents', s.file), renderTextPdf({ title: s.title, lines: s.lines, author: 'Mairie d’exemple (Sandbox)' }, fixed));
console.log('resources written');
