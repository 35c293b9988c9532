// The PDF text extractor, run in a worker thread so that pdf.js never holds the main process's event
// loop (docs/architecture.md#layers: no long sync work on the main process). Plain JavaScript with
// no relative import: the same file runs from the source tree (tests) and from dist/main (copied by
// main/build/build.mjs). One request at a time: { id, path } → { id, text, pages } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';

/** Enough text to find a document by its words; a 500-page report does not fill the index with megabytes. */
const maxChars = 400_000;

let pdfjs = null;
async function loadPdfjs() {
  // The legacy build is the one pdf.js supports under Node.
  pdfjs ??= await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

async function extract(path) {
  const { getDocument } = await loadPdfjs();
  const data = new Uint8Array(await readFile(path));
  const task = getDocument({ data, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  const doc = await task.promise;
  try {
    let text = '';
    for (let n = 1; n <= doc.numPages && text.length < maxChars; n += 1) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items) {
        if (typeof item.str === 'string') text += item.str + (item.hasEOL ? '\n' : ' ');
      }
      text += '\n';
      page.cleanup();
    }
    return { text: text.slice(0, maxChars), pages: doc.numPages };
  } finally {
    await task.destroy();
  }
}

parentPort.on('message', async (message) => {
  try {
    const result = await extract(message.path);
    parentPort.postMessage({ id: message.id, ...result });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } });
  }
});
