import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Cookie, type Locator, type Page } from 'playwright-core';

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function tempDataDir(prefix = 'guichet-e2e-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface RunningHost {
  /** The printed link: its one-time code opens one browser session (openApp), or one exchangeLink. */
  url: string;
  origin: string;
  output: () => string;
  /** The launcher's process id (to read its children's command lines). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts Guichet exactly as `npm start` does on a machine without Electron (the built launcher),
 * with its own data folder, and waits for the printed link.
 */
export async function startBuiltHost(dataDir: string, extraEnv: Record<string, string> = {}): Promise<RunningHost> {
  const launcher = path.join(projectRoot, 'dist', 'main', 'start.mjs');
  if (!fs.existsSync(launcher)) throw new Error('dist/main/start.mjs is missing: run `npm run build` first');
  const child: ChildProcess = spawn(process.execPath, [launcher], {
    cwd: projectRoot,
    env: { ...process.env, GUICHET_DATA_DIR: dataDir, GUICHET_NO_BROWSER: '1', GUICHET_FORCE_WEB: '1', GUICHET_PORT: '0', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /Guichet est prêt : (http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited (${code}):\n${out}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    pid: child.pid!,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Session cookies obtained with each printed link: its one-time code opens one browser session only. */
const sessionsByLink = new Map<string, Cookie[]>();

/**
 * Opens the app in a fresh browser context. The first open of a link trades its one-time code as the
 * clerk's browser does; later opens of the same link (several tests sharing one host) carry the
 * session cookie it gave, as another tab of that browser would.
 */
export async function openApp(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  const known = sessionsByLink.get(url);
  if (known) {
    await context.addCookies(known);
    await page.goto(`${new URL(url).origin}/`);
  } else {
    await page.goto(url);
  }
  await page.getByTestId('app-ready').waitFor({ timeout: 20_000 });
  if (!known) sessionsByLink.set(url, await context.cookies());
  return page;
}

/**
 * Trades a link's one-time code for the session cookie, as the page does, and returns the Cookie header
 * for raw HTTP and WebSocket calls (tests that do not drive a browser). Rejects when the host refuses.
 */
export async function exchangeLink(link: string): Promise<string> {
  const { origin, searchParams } = new URL(link);
  const res = await fetch(`${origin}/session`, {
    method: 'POST',
    headers: { Origin: origin, 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: searchParams.get('code') }),
  });
  if (res.status !== 204) throw new Error(`link refused: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** The session cookie a page obtained (HttpOnly: read from the browser context, not the page). */
export async function sessionCookieOf(page: Page): Promise<string> {
  const cookies = await page.context().cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** A small but real one-page PDF (pdf.js can paint it), different per title. */
export function pdfBytes(title: string): Buffer {
  const text = `BT /F1 18 Tf 72 720 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Drops files onto an element the way a browser does for files dragged from the desktop. */
export async function dropFiles(page: Page, testId: string, files: { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') }));
  const target = page.getByTestId(testId);
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      dt.items.add(new File([bytes], f.name, { type: f.type }));
    }
    return dt;
  }, payload);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA, the rules RGAA 4 maps onto) in the page as it stands and returns
 * one readable line per violation: where, rule, impact, the elements and axe's own hint. Playwright
 * injects axe through the debugging protocol, so the app's Content-Security-Policy stays as it ships.
 */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map(
    (v) => `${label} — ${v.id} (${v.impact ?? '?'}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`).join('\n')}`,
  );
}

/** Fails with every violation axe finds on the page as it stands. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const found = await axeViolations(page, label);
  if (found.length > 0) throw new Error(`axe: ${found.length} violation(s)\n${found.join('\n')}`);
}

/**
 * The tenant's side of « Connecter un locataire »: the connection link opens DossierFacile's sign-in
 * (the simulator's pages) in a second page, the tenant signs in and consents (a consent that still
 * stands may skip that page), and the page closes on « Connexion réussie ». Returns the e-mail the
 * sign-in page came pre-filled with.
 */
export async function signInAsTenant(link: Locator, password = 'dossierfacile'): Promise<string> {
  const [tenantPage] = await Promise.all([link.page().context().waitForEvent('page'), link.click()]);
  await tenantPage.waitForLoadState();
  const prefilled = await tenantPage.getByLabel('Adresse e-mail').inputValue();
  await tenantPage.getByLabel('Mot de passe').fill(password);
  await tenantPage.getByRole('button', { name: 'Se connecter' }).click();
  const allow = tenantPage.getByRole('button', { name: "Autoriser l'accès" });
  const done = tenantPage.getByRole('heading', { name: 'Connexion réussie' });
  await Promise.race([allow.waitFor(), done.waitFor()]);
  if (await allow.isVisible()) await allow.click();
  await done.waitFor();
  await tenantPage.close();
  return prefilled;
}
