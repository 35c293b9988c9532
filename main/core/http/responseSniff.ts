import type { Readable } from 'node:stream';

/**
 * Reads at least `min` bytes of a response (fewer when it ends first), leaving the rest in the
 * stream: enough to sniff the body without consuming a download.
 */
export function readHead(stream: Readable, min: number): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onReadable = () => {
      let chunk: Buffer | null;
      while ((chunk = stream.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        total += chunk.length;
        if (total >= min) {
          cleanup();
          resolve({ head: Buffer.concat(chunks), ended: false });
          return;
        }
      }
    };
    const onEnd = () => {
      cleanup();
      resolve({ head: Buffer.concat(chunks), ended: true });
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** What a response body is, judged by its first bytes before its declared type. */
export type SniffedBody = 'pdf' | 'zip' | 'xml' | 'json' | 'html' | 'empty' | 'other';

/**
 * Judges a body by its bytes first: servers behind proxies send error pages and JSON errors with a
 * document's type (or a document with a generic one). The declared type only breaks ties for text.
 */
export function sniffBody(head: Buffer, contentType: string): SniffedBody {
  if (head.length === 0) return 'empty';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05 || head[2] === 0x07)) return 'zip';
  const text = head.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  if (/^<(!doctype html|html|head|body)\b/i.test(text)) return 'html';
  if (text.startsWith('<')) return 'xml';
  if (/application\/json/i.test(contentType)) return 'json';
  if (/text\/html/i.test(contentType)) return 'html';
  return 'other';
}
