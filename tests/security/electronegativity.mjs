// Electronegativity scan of main/ and preload/, part of `npm test`.
// The tool exits 0 whatever it finds, so its CSV is parsed here: any HIGH or MEDIUM finding fails,
// except a finding that sits on a line carrying an `electronegativity-reviewed: <CHECK_ID>` comment
// (a human decision, visible in the code right above the flagged call).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const bin = path.join(root, 'node_modules/.bin/electronegativity');

function parseCsvLine(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    }
    else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function reviewed(dir, finding) {
  const file = path.join(dir, finding.file);
  if (!fs.existsSync(file)) return false;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const line = Number(finding.location.split(':')[0]);
  const above = lines.slice(Math.max(0, line - 3), line).join('\n');
  return above.includes(`electronegativity-reviewed: ${finding.issue}`);
}

// main/ and preload/ are scanned as one application so that global checks (navigation limits,
// permission handlers, CSP) see the whole Electron side.
const scanRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'electroneg-'));
for (const target of ['main', 'preload']) fs.cpSync(path.join(root, target), path.join(scanRoot, target), { recursive: true });
const out = path.join(scanRoot, 'result.csv');
const run = spawnSync(bin, ['-i', scanRoot, '-x', 'AvailableSecurityFixesGlobalCheck', '-e', electronVersion, '-r', '-v', 'false', '-o', out], {
  encoding: 'utf8',
  env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
});
if (run.status !== 0 || !fs.existsSync(out)) {
  console.error(`electronegativity did not run (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
let failures = 0;
const rows = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1).filter(Boolean).map(parseCsvLine);
for (const [issue, severity, confidence, file, location, sample] of rows) {
  const finding = { issue, severity, confidence, file, location, sample };
  if (severity !== 'HIGH' && severity !== 'MEDIUM') continue;
  // Global checks (e.g. CSP) report "N/A": they cannot be reviewed on a line.
  if (file !== 'N/A' && reviewed(scanRoot, finding)) {
    console.log(`reviewed   ${file}:${location} ${issue}`);
    continue;
  }
  failures++;
  console.error(`FINDING    ${severity}/${confidence} ${issue} ${file}:${location} ${sample}`);
}
fs.rmSync(scanRoot, { recursive: true, force: true });
const scanned = rows.length;
console.log(`electronegativity: main/ + preload/ scanned (Electron ${electronVersion}), ${scanned} finding(s) in all, ${failures} unreviewed HIGH/MEDIUM`);
process.exit(failures === 0 ? 0 : 1);
