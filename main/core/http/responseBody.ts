import type { Readable } from 'node:stream';

/**
 * Reads at most `limit` bytes of a response body (an error body to describe), then drops the rest of
 * the stream. `head` is what a caller already read from it (a sniffed prefix).
 */
export async function readBodyPrefix(stream: Readable, limit: number, head: Buffer = Buffer.alloc(0)): Promise<string> {
  const chunks: Buffer[] = [head];
  let total = head.length;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= limit) break;
    }
  } catch {
    // What arrived is enough to describe the error.
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
