/** Names inside a ZIP may carry folders: the file saved on disk keeps the last part only. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1) || name;
}

export function isPdfName(name: string): boolean {
  return /\.pdf$/i.test(name);
}
