/**
 * The media type a document's name announces, for the files Guichet exchanges with providers
 * (multipart parts, files unpacked from a ZIP). Contents are sniffed elsewhere (droppedFiles):
 * this is only what a name says.
 */
const byExtension: Record<string, string> = {
  pdf: 'application/pdf',
  xml: 'application/xml',
  zip: 'application/zip',
  json: 'application/json',
  txt: 'text/plain',
  csv: 'text/csv',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
};

/** The media type for a file name, or undefined when the extension is not one of ours. */
export function mediaTypeForName(name: string): string | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext ? byExtension[ext] : undefined;
}
