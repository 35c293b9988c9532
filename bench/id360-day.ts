// A clerk's 8-hour day with ID360 at accelerated time: 200 checks created through the day, their
// journeys running by themselves, the tracker polling them concurrently and keeping their files,
// the provider killing every token at a few moments nobody foresaw. Goal: logins = 1 + those genuine
// expiries. Then the same session with a refused password: goal 0 requests after the refusal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestGuichet } from '../tests/integration/testGuichet.js';
import { createProviderClock } from '../main/core/time/providerClock.js';
import { createId360Client } from '../main/providers/id360/client.js';
import { createId360Session } from '../main/providers/id360/session.js';
import { createId360Api } from '../main/providers/id360/api.js';
import { startId360Simulator } from '../main/sandbox/id360/index.js';
import { writeResult } from './_results.js';

const MINUTE = 60_000;
const DAY_MS = 8 * 60 * MINUTE;
// 1 real second = 20 simulated minutes: the day lasts 24 real seconds.
const timeScale = Number(process.env.BENCH_TIME_SCALE ?? 1200);
const checks = Number(process.env.BENCH_CHECKS ?? 200);
const expiryAt = [2.5, 5, 7].map((h) => h * 60 * MINUTE);
const opening = '6f8a1c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'guichet-id360-day-'));
const dataDir = path.join(work, 'data');
const guichet = await startTestGuichet(dataDir, {
  version: 'bench',
  timeScale,
  autoAdvance: true,
  preseed: { providers: { id360: { environment: 'sandbox', pollIntervalMinutes: 1 } } },
  isTrustedOrigin: () => true,
});
const sim = (await guichet.ensureSandbox()).id360;
const sender = { isTopFrame: true, url: 'x' };
const realMs = (simulatedMs: number) => simulatedMs / timeScale;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dayStart = performance.now();
const elapsedSimulated = () => (performance.now() - dayStart) * timeScale;
let expiries = 0;
const expiriesDone = (async () => {
  for (const at of expiryAt) {
    await sleep(Math.max(0, realMs(at - elapsedSimulated())));
    sim.control.revokeTokens();
    expiries++;
  }
})();

const localIds: number[] = [];
const failures: string[] = [];
const creations: Promise<void>[] = [];
const spacing = (DAY_MS - 60 * MINUTE) / checks; // the last check leaves an hour for its journey
for (let i = 0; i < checks; i++) {
  await sleep(Math.max(0, realMs(i * spacing - elapsedSimulated())));
  creations.push(
    guichet.router
      .dispatch('id360.enrollments.create', { processUuid: opening, clientReference: `JOUR-${i}`, person: { last_name: `Personne ${i}` }, lock: [] }, sender)
      .then((r) => {
        if (r.ok) localIds.push((r.value as { row: { localId: number } }).row.localId);
        else failures.push(r.error.code);
      }),
  );
}
await Promise.all(creations);
await expiriesDone;
await sleep(Math.max(0, realMs(DAY_MS - elapsedSimulated())));

const terminal = new Set(['OK', 'KO', 'FAILED', 'CANCELED', 'DISCONTINUED']);
let finished = 0;
for (const localId of localIds) {
  const r = await guichet.router.dispatch('id360.enrollments.get', { localId }, sender);
  if (r.ok && terminal.has((r.value as { status: string }).status)) finished++;
}
const logins = sim.control.logins();
const loginAttempts = sim.control.loginAttempts();
const dayRequests = sim.control.requests().length;

await guichet.stop();

// A refused password: 20 calls at once, then 20 more later, on a session of its own against a
// simulator of its own (the day's tracker is not there to add requests).
const refusing = await startId360Simulator({ timeScale });
const clock = createProviderClock({ timeScale });
const client = createId360Client({ apiBaseUrl: refusing.baseUrl, uiBaseUrl: refusing.uiBaseUrl });
const session = createId360Session({ login: () => client.login({ username: refusing.account.username, password: 'pas-le-bon' }), keepAlive: (t) => client.whoami(t), clock });
const api = createId360Api(client, session);
const before = refusing.control.requests().length;
const refusedCodes = new Set<string>();
const attempt = () =>
  Promise.allSettled(Array.from({ length: 20 }, () => api.whoami())).then((rs) =>
    rs.forEach((r) => r.status === 'rejected' && refusedCodes.add(String((r.reason as { code?: string }).code))),
  );
await attempt();
const afterFirstRefusal = refusing.control.requests().length;
await sleep(realMs(30 * MINUTE));
await attempt();
const requestsAfterRefusal = refusing.control.requests().length - afterFirstRefusal;
session.stop();
await refusing.stop();
fs.rmSync(work, { recursive: true, force: true });

const expected = 1 + expiries;
writeResult({
  name: 'id360-day',
  value: logins,
  unit: 'logins',
  baseline: expected,
  ratio: Number((logins / expected).toFixed(3)),
  goal: 'logins = 1 + genuine expiries; 0 requests after a credential refusal',
  simulatedHours: DAY_MS / 3_600_000,
  timeScale,
  checks,
  created: localIds.length,
  createFailures: failures,
  finishedByEndOfDay: finished,
  genuineExpiries: expiries,
  loginAttempts,
  dayRequests,
  refusalLoginRequests: afterFirstRefusal - before,
  requestsAfterRefusal,
  refusalCodes: [...refusedCodes],
});
