import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What the web host remembers between runs on one data folder, so that a page left open finds a
 * restarted Guichet by itself: the port it listened on (the page's address) and the key its session
 * cookies are signed with (webSession.ts). Readable by the clerk's account only (0600), like the rest
 * of the data folder; a missing or damaged file only means a new key and any free port.
 */
export interface HostMemory {
  sessionKey: Buffer;
  /** The port of the last run, or null on a first run. */
  lastPort: number | null;
  rememberPort(port: number): void;
}

const fileName = 'web-host.json';

export function loadHostMemory(dataDir: string): HostMemory {
  const file = path.join(dataDir, fileName);
  let saved: { sessionKey?: unknown; port?: unknown } = {};
  try {
    saved = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof saved;
  } catch {
    // First run, or a damaged file: start afresh.
  }
  const key = typeof saved.sessionKey === 'string' ? Buffer.from(saved.sessionKey, 'base64') : null;
  const sessionKey = key && key.length === 32 ? key : crypto.randomBytes(32);
  const port = typeof saved.port === 'number' && Number.isInteger(saved.port) && saved.port > 0 && saved.port < 65536 ? saved.port : null;
  const write = (portToKeep: number | null) => {
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ sessionKey: sessionKey.toString('base64'), port: portToKeep }), { mode: 0o600 });
    fs.renameSync(temp, file);
  };
  if (sessionKey !== key) write(port);
  return {
    sessionKey,
    lastPort: port,
    rememberPort(newPort) {
      if (newPort !== port) write(newPort);
    },
  };
}
