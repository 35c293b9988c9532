import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { canonicalJson } from '../../core/json/canonicalJson.js';
import type { Id360Report } from './schemas.js';

/**
 * Proof that what Guichet keeps is what ID360 produced (docs/providers/id360.md#integrity): each
 * file against the hash and algorithm its report names, and the report against its Ed25519
 * signature where it carries one.
 */

// ── Files ───────────────────────────────────────────────────────────────

const hashNames: Record<string, string> = { md5: 'md5', sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };

/** The node:crypto name of a report's `hash_algorithm` (`MD5`, `SHA-256`, `sha256`…), null when unknown. */
export function hashAlgorithmOf(name: string | null | undefined): string | null {
  if (!name) return null;
  return hashNames[name.toLowerCase().replace(/[-_\s]/g, '')] ?? null;
}

export interface ExpectedHash {
  hash?: string | null;
  hash_algorithm?: string | null;
}

export type HashVerdict =
  | { status: 'match'; algorithm: string; actual: string; bytes: number }
  | { status: 'mismatch'; algorithm: string; expected: string; actual: string; bytes: number }
  /** An unknown algorithm or no hash: never « valid ». */
  | { status: 'unverifiable'; reason: 'unknown-algorithm' | 'no-hash'; bytes: number };

/**
 * A pass-through that hashes what flows through it, so a download is checked while it is written to
 * the blob store (one read of the bytes, never all of them in memory).
 */
export function createHashCheck(expected: ExpectedHash): { stream: Transform; verdict(): HashVerdict } {
  const algorithm = hashAlgorithmOf(expected.hash_algorithm);
  const hash = algorithm ? createHash(algorithm) : null;
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      hash?.update(chunk);
      callback(null, chunk);
    },
  });
  let digest: string | null = null;
  return {
    stream,
    verdict(): HashVerdict {
      if (!expected.hash) return { status: 'unverifiable', reason: 'no-hash', bytes };
      if (!algorithm || !hash) return { status: 'unverifiable', reason: 'unknown-algorithm', bytes };
      digest ??= hash.digest('hex');
      const wanted = expected.hash.trim().toLowerCase();
      return digest === wanted ? { status: 'match', algorithm, actual: digest, bytes } : { status: 'mismatch', algorithm, expected: wanted, actual: digest, bytes };
    },
  };
}

/** Hashes a whole stream (and, when given, writes it to `sink` at the same time). */
export async function verifyFileStream(source: Readable, expected: ExpectedHash, sink?: NodeJS.WritableStream): Promise<HashVerdict> {
  const check = createHashCheck(expected);
  if (sink) await pipeline(source, check.stream, sink);
  else {
    check.stream.resume();
    await pipeline(source, check.stream);
  }
  return check.verdict();
}

export interface ReportFileRef {
  /** Key under `documents` (`identity_document`, `selfie`…). */
  documentType: string;
  documentName: string | null;
  documentStatus: string | null;
  /** Position in the document's `files` (0 front, 1 back for an identity card). */
  page: number;
  url: string;
  hash: string | null;
  hashAlgorithm: string | null;
}

/** Every file a report lists, whatever the type key (`identity_document` in reports, `identity` in the guide). */
export function reportFiles(report: Pick<Id360Report, 'documents'>): ReportFileRef[] {
  const out: ReportFileRef[] = [];
  const seen = new Set<string>();
  for (const [documentType, documents] of Object.entries(report.documents ?? {})) {
    for (const doc of documents ?? []) {
      (doc.files ?? []).forEach((file, page) => {
        if (seen.has(file.url)) return;
        seen.add(file.url);
        out.push({
          documentType,
          documentName: doc.name ?? null,
          documentStatus: doc.status ?? null,
          page,
          url: file.url,
          hash: file.hash ?? null,
          hashAlgorithm: file.hash_algorithm ?? null,
        });
      });
    }
  }
  return out;
}

// ── Report signature ────────────────────────────────────────────────────

export type SignatureVerdict =
  | { verdict: 'authentic'; reason: 'signature-valid' }
  | { verdict: 'invalid'; reason: 'signature-mismatch' | 'content-hash-mismatch' }
  | {
      verdict: 'unverifiable';
      reason: 'unsigned' | 'unsupported-algorithm' | 'malformed-signature' | 'public-key-unavailable' | 'public-key-unreadable';
    };

/** Reads an Ed25519 public key as PEM, JSON holding one, base64/hex DER (SPKI) or the raw 32 bytes. */
export function readEd25519PublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return createPublicKey(trimmed);
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed) as Record<string, unknown>;
    const candidate = ['public_key', 'publicKey', 'key', 'x'].map((k) => json[k]).find((v) => typeof v === 'string');
    if (typeof candidate !== 'string') throw new Error('no key in JSON');
    return readEd25519PublicKey(candidate);
  }
  const bytes = /^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length === 32) return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' });
  return createPublicKey({ key: bytes, format: 'der', type: 'spki' });
}

function decodeSignature(value: string): Buffer | null {
  const trimmed = value.trim();
  const bytes = /^[0-9a-f]{128}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, /[-_]/.test(trimmed) ? 'base64url' : 'base64');
  return bytes.length === 64 ? bytes : null;
}

/** The bytes the signature covers: the report without `signature` and `unsigned`, in canonical JSON. */
export function signedReportBytes(raw: Record<string, unknown>): Buffer {
  const { signature: _signature, unsigned: _unsigned, ...signed } = raw;
  return Buffer.from(canonicalJson(signed), 'utf8');
}

/**
 * Verifies a report's signature block. What exactly ID360 signs is unpublished: the simulator signs
 * the canonical bytes; a signature over the stated `sha256_hash` (hex text or raw digest) is also
 * accepted, but then only if that hash is the one of the canonical bytes.
 */
export async function verifyReportSignature(raw: Record<string, unknown>, getPublicKey: (url: string) => Promise<string>): Promise<SignatureVerdict> {
  const block = raw['signature'];
  if (!block || typeof block !== 'object') return { verdict: 'unverifiable', reason: 'unsigned' };
  const sig = block as Record<string, unknown>;
  const algorithm = typeof sig['algorithm'] === 'string' ? sig['algorithm'] : '';
  const curve = typeof sig['curve'] === 'string' ? sig['curve'] : 'Ed25519';
  if (!/^(eddsa|ed25519)$/i.test(algorithm) || !/^ed25519$/i.test(curve)) return { verdict: 'unverifiable', reason: 'unsupported-algorithm' };
  const signature = typeof sig['signature'] === 'string' ? decodeSignature(sig['signature']) : null;
  if (!signature) return { verdict: 'unverifiable', reason: 'malformed-signature' };
  const keyUrl = sig['public_key_url'];
  if (typeof keyUrl !== 'string' || !keyUrl) return { verdict: 'unverifiable', reason: 'public-key-unavailable' };
  let keyText: string;
  try {
    keyText = await getPublicKey(keyUrl);
  } catch {
    return { verdict: 'unverifiable', reason: 'public-key-unavailable' };
  }
  let key: KeyObject;
  try {
    key = readEd25519PublicKey(keyText);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  } catch {
    return { verdict: 'unverifiable', reason: 'public-key-unreadable' };
  }
  const content = signedReportBytes(raw);
  if (verify(null, content, key, signature)) return { verdict: 'authentic', reason: 'signature-valid' };
  const stated = typeof sig['sha256_hash'] === 'string' ? sig['sha256_hash'].trim().toLowerCase() : null;
  if (stated && /^[0-9a-f]{64}$/.test(stated)) {
    const overStated = verify(null, Buffer.from(stated, 'utf8'), key, signature) || verify(null, Buffer.from(stated, 'hex'), key, signature);
    if (overStated) {
      const actual = createHash('sha256').update(content).digest('hex');
      return actual === stated ? { verdict: 'authentic', reason: 'signature-valid' } : { verdict: 'invalid', reason: 'content-hash-mismatch' };
    }
  }
  return { verdict: 'invalid', reason: 'signature-mismatch' };
}

/** Fetches each public key once (the URL is the same for every report of an environment). */
export function cachedPublicKeys(fetchKey: (url: string) => Promise<string>): (url: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  return (url) => {
    let pending = cache.get(url);
    if (!pending) {
      pending = fetchKey(url);
      cache.set(url, pending);
      // A failed fetch is tried again next time.
      pending.catch(() => cache.delete(url));
    }
    return pending;
  };
}
