import type { PDFDocumentProxy } from './pdfRuntime.js';

/** Print resolution: 150 dpi, as pdf.js's own viewer prints (sharp on paper, memory kept reasonable). */
const printScale = 150 / 72;

/**
 * Prints the whole document: each page drawn once at print resolution into an image of a container
 * that only print media shows (`body[data-guichet-printing]` in viewer.css), then the system dialog.
 * The page images are object URLs, released when printing ends.
 */
export async function printPdf(pdf: PDFDocumentProxy, onProgress: (done: number, total: number) => void, signal: AbortSignal): Promise<void> {
  const container = document.createElement('div');
  container.className = 'pdf-print';
  const urls: string[] = [];
  const canvas = document.createElement('canvas');
  try {
    for (let n = 1; n <= pdf.numPages; n++) {
      if (signal.aborted) return;
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale: printScale });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      await page.render({ canvas, viewport, intent: 'print' }).promise;
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('page image');
      const url = URL.createObjectURL(blob);
      urls.push(url);
      const img = document.createElement('img');
      img.src = url;
      img.alt = '';
      const sheet = document.createElement('div');
      sheet.className = 'pdf-print__page';
      sheet.append(img);
      container.append(sheet);
      page.cleanup();
      onProgress(n, pdf.numPages);
    }
    if (signal.aborted) return;
    document.body.append(container);
    document.body.dataset.guichetPrinting = 'true';
    await Promise.all([...container.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined)));
    window.print();
  } finally {
    delete document.body.dataset.guichetPrinting;
    container.remove();
    urls.forEach((u) => URL.revokeObjectURL(u));
    canvas.width = 0;
    canvas.height = 0;
  }
}
