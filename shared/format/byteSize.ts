export type ByteUnit = 'bytes' | 'kb' | 'mb' | 'gb';

const unitSizes: readonly (readonly [ByteUnit, number])[] = [
  ['bytes', 1],
  ['kb', 1024],
  ['mb', 1024 ** 2],
  ['gb', 1024 ** 3],
];

/**
 * The one byte-size formatter of Guichet: powers of 1024, as the file explorer shows them, one
 * decimal below 100 of a unit, none for bytes. The caller gives the words of its language
 * (the renderer its catalogue, main the French of its messages).
 */
export function formatByteSize(bytes: number, intlLocale: string, unitText: (unit: ByteUnit, value: string) => string): string {
  let chosen = unitSizes[0]!;
  for (const unit of unitSizes) if (bytes >= unit[1]) chosen = unit;
  const value = bytes / chosen[1];
  const digits = chosen[1] === 1 || value >= 100 ? 0 : 1;
  return unitText(chosen[0], new Intl.NumberFormat(intlLocale, { maximumFractionDigits: digits }).format(value));
}
