// One 200 MB PDF to the FAST simulator over mutual TLS: Guichet's client (streamed multipart, in a
// process of its own) against `curl --cert` uploading the same file to the same endpoint, same run.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import forge from 'node-forge';
import { build } from 'esbuild';
import { startParapheurSimulator } from '../main/sandbox/parapheur/index.js';
import { benchRoot, median, writeResult } from './_results.js';

const sizeMb = Number(process.env.BENCH_UPLOAD_MB ?? 200);
// Five rounds, alternating who goes first: both sides share one simulator and one disk.
const rounds = 5;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-upload-bench-'));
const sim = await startParapheurSimulator({ dataDir: path.join(work, 'sim'), autoAdvance: false, persist: false });
const circuitId = 'courrier-visa-signature';

const file = path.join(work, 'dossier.pdf');
{
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '%PDF-1.4\n');
  const chunk = crypto.randomBytes(1024 * 1024);
  for (let i = 0; i < sizeMb; i++) fs.writeSync(fd, chunk);
  fs.writeSync(fd, '\n%%EOF\n');
  fs.closeSync(fd);
}
const size = fs.statSync(file).size;

// curl wants PEM: extract the deposit user's key and certificate from the same PKCS#12.
const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(sim.clientIdentity.p12.toString('binary')), sim.clientIdentity.password);
const keyBagType = forge.pki.oids.pkcs8ShroudedKeyBag as string;
const certBagType = forge.pki.oids.certBag as string;
const key = p12.getBags({ bagType: keyBagType })[keyBagType]![0]!.key!;
const certBags = p12.getBags({ bagType: certBagType })[certBagType]!;
const cert = certBags.map((b: forge.pkcs12.Bag) => b.cert!).find((c: forge.pki.Certificate) => c.subject.getField({ name: 'emailAddress' }))!;
fs.writeFileSync(path.join(work, 'key.pem'), forge.pki.privateKeyToPem(key), { mode: 0o600 });
fs.writeFileSync(path.join(work, 'cert.pem'), forge.pki.certificateToPem(cert));
fs.writeFileSync(path.join(work, 'ca.pem'), sim.caCertPem);

// The same upload process as tests/integration/parapheur-client/largeUpload.test.ts, measuring time and RSS.
const worker = path.join(benchRoot, 'dist', 'bench', 'uploadWorker.mjs');
await build({ entryPoints: [path.join(benchRoot, 'tests', 'integration', 'parapheur-client', 'uploadWorker.ts')], outfile: worker, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });

function ours(round: number): Promise<{ ms: number; rssBefore: number; rssPeak: number }> {
  const job = {
    baseUrl: sim.baseUrl,
    siren: sim.siren,
    p12Base64: sim.clientIdentity.p12.toString('base64'),
    password: sim.clientIdentity.password,
    ca: sim.caCertPem,
    circuitId,
    label: `guichet-${round}`,
    file: { path: file, name: 'dossier.pdf', size },
    measure: 'rss',
  };
  return new Promise((resolve, reject) => {
    // BENCH_PROF=<dir> writes a CPU profile of each upload process there.
    const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : []), '--expose-gc', worker], { env: { ...process.env, GUICHET_UPLOAD_JOB: JSON.stringify(job) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`worker exited ${code}: ${out}`))));
  });
}

/** Asynchronous on purpose: the simulator answers from this very process. */
function curl(round: number): Promise<number> {
  const url = `${sim.baseUrl}documents/v2/${sim.siren}/${circuitId}/upload`;
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '--cert', path.join(work, 'cert.pem'), '--key', path.join(work, 'key.pem'),
    '--cacert', path.join(work, 'ca.pem'), '-F', `content=@${file};type=application/pdf;filename=dossier.pdf`, '-F', `label=curl-${round}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => {
      const [status, seconds] = out.trim().split(' ');
      if (status !== '200') reject(new Error(`curl upload failed: ${out}`));
      else resolve(Number(seconds) * 1000);
    });
  });
}

const oursMs: number[] = [];
const curlMs: number[] = [];
const rssGrowth: number[] = [];
for (let round = 0; round < rounds; round++) {
  if (round % 2 === 1) curlMs.push(await curl(round));
  const r = await ours(round);
  oursMs.push(r.ms);
  rssGrowth.push(r.rssPeak - r.rssBefore);
  if (round % 2 === 0) curlMs.push(await curl(round));
}
await sim.stop();
fs.rmSync(work, { recursive: true, force: true });

const mb = size / 1024 ** 2;
const ourThroughput = mb / (median(oursMs) / 1000);
const curlThroughput = mb / (median(curlMs) / 1000);
writeResult({
  name: 'parapheur-upload',
  value: Number(ourThroughput.toFixed(1)),
  unit: 'MB/s',
  baseline: Number(curlThroughput.toFixed(1)),
  ratio: Number((ourThroughput / curlThroughput).toFixed(2)),
  baselineName: 'curl --cert (same file, same simulator endpoint, same run)',
  goal: 'ratio ≥ 0.9, peak RSS growth < 64 MB',
  fileMB: Number(mb.toFixed(1)),
  peakRssGrowthMB: Number((Math.max(...rssGrowth) / 1024 ** 2).toFixed(1)),
  oursMs: oursMs.map(Math.round),
  curlMs: curlMs.map(Math.round),
});
