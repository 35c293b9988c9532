// One upload in a process of its own, so that its resident memory is measured without the simulator's.
// Input: GUICHET_UPLOAD_JOB (JSON). Output: one JSON line { ms, rssBefore, rssPeak, id }.
import { createParapheurClient } from '../main/providers/parapheur/client.js';

const job = JSON.parse(process.env.GUICHET_UPLOAD_JOB ?? '{}') as {
  baseUrl: string;
  siren: string;
  p12Base64: string;
  password: string;
  ca: string;
  circuitId: string;
  label: string;
  file: { path: string; name: string; size: number };
};
const client = createParapheurClient({ baseUrl: job.baseUrl, siren: job.siren, pfx: Buffer.from(job.p12Base64, 'base64'), passphrase: job.password, ca: job.ca });
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage.rss();
let rssPeak = rssBefore;
// Sampled on a timer only: reading /proc at every chunk cost the upload ~60 ms of CPU (4 %), taken
// from the simulator on this 2-core machine.
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 5);
const t0 = performance.now();
const id = await client.uploadToCircuit({
  circuitId: job.circuitId,
  file: job.file,
  label: job.label,
});
const ms = performance.now() - t0;
clearInterval(sampler);
client.close();
console.log(JSON.stringify({ ms, rssBefore, rssPeak, id }));
