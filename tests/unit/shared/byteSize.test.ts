import { describe, expect, it } from 'vitest';
import { formatByteSize } from '../../../shared/format/byteSize.js';

const english = (unit: string, value: string) => `${value} ${{ bytes: 'B', kb: 'KB', mb: 'MB', gb: 'GB' }[unit]}`;
const french = (unit: string, value: string) => `${value} ${{ bytes: 'octets', kb: 'Ko', mb: 'Mo', gb: 'Go' }[unit]}`;
const frenchByteSize = (bytes: number) => formatByteSize(bytes, 'fr-FR', french);

describe('the one byte-size formatter', () => {
  it('says sizes in powers of 1024 with the French units and decimal comma', () => {
    expect(frenchByteSize(512)).toBe('512 octets');
    expect(frenchByteSize(1536)).toBe('1,5 Ko');
    expect(frenchByteSize(2 * 1024 ** 2)).toBe('2 Mo');
    expect(frenchByteSize(1024 ** 3)).toBe('1 Go');
  });

  it('drops the decimal from 100 of a unit and follows the given language', () => {
    expect(formatByteSize(150.4 * 1024, 'en-GB', english)).toBe('150 KB');
    expect(formatByteSize(1.25 * 1024 ** 2, 'en-GB', english)).toBe('1.3 MB');
  });
});
