import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveStaticAsset } from '../../../main/core/security/staticAssets.js';
import { isExternalUrlAllowed } from '../../../main/core/security/externalLinks.js';
import { buildContentSecurityPolicy } from '../../../main/core/security/contentSecurityPolicy.js';
import { defaultSettings, type Settings } from '../../../shared/domain/settings.js';

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
  function withParapheur(connection: Partial<Settings['providers']['parapheur']>): Settings {
    const settings = structuredClone(defaultSettings);
    Object.assign(settings.providers.parapheur, connection);
    return settings;
  }

  it('allows https links to the host a provider uses now, nothing else', () => {
    const production = withParapheur({ environment: 'production' });
    expect(isExternalUrlAllowed('https://parapheur.dfast.fr/parapheur/showDoc.action?documentid=1', production)).toBe(true);
    expect(isExternalUrlAllowed('http://parapheur.dfast.fr/', production)).toBe(false);
    expect(isExternalUrlAllowed('file:///etc/passwd', production)).toBe(false);
    expect(isExternalUrlAllowed('https://evil.example/', production)).toBe(false);
    expect(isExternalUrlAllowed('https://user:pw@parapheur.dfast.fr/', production)).toBe(false);
    expect(isExternalUrlAllowed('smb://share/x', production)).toBe(false);
    // Préproduction is another environment: its host opens only when FAST points at it.
    expect(isExternalUrlAllowed('https://demo-parapheur.dfast.fr/', production)).toBe(false);
    expect(isExternalUrlAllowed('https://demo-parapheur.dfast.fr/', withParapheur({ environment: 'preprod' }))).toBe(true);
  });

  it('allows the host of a custom URL only while the provider uses it', () => {
    const customUrl = 'https://parapheur.ma-collectivite.fr/parapheur-ws/rest/v1/';
    expect(isExternalUrlAllowed('https://parapheur.ma-collectivite.fr/x', withParapheur({ environment: 'custom', customBaseUrl: customUrl }))).toBe(true);
    // Saved for later while FAST is still in Sandbox (or on a known environment): it widens nothing.
    expect(isExternalUrlAllowed('https://parapheur.ma-collectivite.fr/x', withParapheur({ environment: 'sandbox', customBaseUrl: customUrl }))).toBe(false);
    expect(isExternalUrlAllowed('https://parapheur.ma-collectivite.fr/x', withParapheur({ environment: 'production', customBaseUrl: customUrl }))).toBe(false);
  });

  it('opens no provider host at all while every provider is simulated', () => {
    expect(isExternalUrlAllowed('https://parapheur.dfast.fr/', defaultSettings)).toBe(false);
    expect(isExternalUrlAllowed('https://www.service-public.fr/particuliers', defaultSettings)).toBe(true);
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
