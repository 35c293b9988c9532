import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStaticAsset } from '../../../main/core/security/staticAssets.js';
import { isExternalUrlAllowed } from '../../../main/core/security/externalLinks.js';
import { buildContentSecurityPolicy } from '../../../main/core/security/contentSecurityPolicy.js';
import { defaultSettings } from '../../../shared/domain/settings.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'assets-'));
const root = path.join(base, 'renderer');
fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
fs.writeFileSync(path.join(root, 'index.html'), '<html></html>');
fs.writeFileSync(path.join(root, 'assets', 'app.js'), '');
fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('static assets (app:// protocol and web host)', () => {
  it('serves files inside the renderer build', async () => {
    expect(await resolveStaticAsset(root, '/')).toBe(path.join(fs.realpathSync(root), 'index.html'));
    expect(await resolveStaticAsset(root, '/assets/app.js')).toBe(path.join(fs.realpathSync(root), 'assets', 'app.js'));
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2F..%2Fsecret.txt', '/assets/link.txt', '/assets/%00app.js', '/..\\secret.txt', '/assets', '/%E0%A4%A'])(
    'refuses %s',
    async (p) => {
      expect(await resolveStaticAsset(root, p)).toBeNull();
    },
  );
});

describe('openExternal allowlist', () => {
  it('allows https links to provider hosts only', () => {
    expect(isExternalUrlAllowed('https://parapheur.dfast.fr/parapheur/showDoc.action?documentid=1', defaultSettings)).toBe(true);
    expect(isExternalUrlAllowed('http://parapheur.dfast.fr/', defaultSettings)).toBe(false);
    expect(isExternalUrlAllowed('file:///etc/passwd', defaultSettings)).toBe(false);
    expect(isExternalUrlAllowed('https://evil.example/', defaultSettings)).toBe(false);
    expect(isExternalUrlAllowed('https://user:pw@parapheur.dfast.fr/', defaultSettings)).toBe(false);
    expect(isExternalUrlAllowed('smb://share/x', defaultSettings)).toBe(false);
  });

  it('allows the host of a custom base URL the clerk configured', () => {
    const settings = structuredClone(defaultSettings);
    settings.providers.parapheur.customBaseUrl = 'https://parapheur.ma-collectivite.fr/parapheur-ws/rest/v1/';
    expect(isExternalUrlAllowed('https://parapheur.ma-collectivite.fr/x', settings)).toBe(true);
  });
});

describe('content security policy', () => {
  it('forbids inline scripts, eval, remote origins and framing', () => {
    const csp = buildContentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
});
