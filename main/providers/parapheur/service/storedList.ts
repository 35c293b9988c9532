/**
 * A JSON list column (NULL when empty), read for display. Read defensively: an
 * unreadable value or entry is left out (and reported) rather than failing the whole detail.
 */
export function storedListOf<T>(json: string | null, read: (entry: unknown) => T | null, onInvalid: (error: string) => void = () => {}): T[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    onInvalid((error as Error).message);
    return [];
  }
  if (!Array.isArray(value)) {
    onInvalid('not an array');
    return [];
  }
  const items: T[] = [];
  for (const entry of value) {
    const item = read(entry);
    if (item === null) onInvalid('unexpected entry');
    else items.push(item);
  }
  return items;
}

/** Reads one entry with a schema (null when it does not match). */
export function bySchema<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) {
  return (entry: unknown): T | null => {
    const parsed = schema.safeParse(entry);
    return parsed.success ? parsed.data : null;
  };
}
