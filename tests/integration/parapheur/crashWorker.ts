// A Guichet process for the crash test: it deposits a file (mode "deposit") or resumes its outbox
// (mode "resume") against a FAST simulator running in the test process, and reports on stdout.
import fs from 'node:fs';
import path from 'node:path';
import { startTestGuichet } from '../testGuichet.js';

const [mode, dataDir, baseUrl, siren, identityDir, file] = process.argv.slice(2) as [string, string, string, string, string, string?];

const guichet = await startTestGuichet(dataDir, {
  version: 'crash-test',
  preseed: { providers: { parapheur: { environment: 'custom', customBaseUrl: baseUrl, siren } } },
  isTrustedOrigin: () => true,
});
await guichet.vault.set('parapheur.certificate', fs.readFileSync(path.join(identityDir, 'user.p12')).toString('base64'));
await guichet.vault.set('parapheur.certificatePassword', fs.readFileSync(path.join(identityDir, 'password'), 'utf8'));
await guichet.vault.set('parapheur.caBundle', fs.readFileSync(path.join(identityDir, 'ca.pem'), 'utf8'));
guichet.parapheur.connection.invalidate();
const sender = { isTopFrame: true, url: 'x' };

guichet.bus.on('parapheur.upload.progress', (p) => console.log(`progress ${p.sent} ${p.total}`));
guichet.bus.on('parapheur.document.changed', (row) => {
  console.log(`state ${row.outboxState} ${row.documentId ?? '-'}`);
  if (mode === 'resume' && row.outboxState === 'filed') {
    console.log(`filed ${row.documentId}`);
    void guichet.stop().then(() => process.exit(0));
  }
});

if (mode === 'deposit') {
  const staged = await guichet.droppedFiles.stage(path.basename(file!), fs.createReadStream(file!), fs.statSync(file!).size);
  const result = await guichet.router.dispatch(
    'parapheur.deposit.submit',
    { target: { kind: 'circuit', circuitId: 'courrier-visa-signature' }, label: 'crash', fileIds: [staged.id] },
    sender,
  );
  console.log(`submitted ${JSON.stringify(result).slice(0, 200)}`);
}
