import { GuichetError, type MessageParams } from '../ipc/errors.js';

/*
 * E-mail addresses and mobile numbers as FAST Parapheur needs them (OTP signers, recipients, circuit
 * members). Shared: main normalises what it sends, the renderer checks fields as the clerk types,
 * with the very same rules.
 */

/** The clerk reads these through the Parapheur catalogue (`parapheur:hostErrors.contact.…`): FAST is who needs them so. */
function invalid(key: string, params?: MessageParams): GuichetError {
  return new GuichetError('INVALID_INPUT', params ? { key, params } : { key });
}

// Deliberately strict: FAST identifies users by these addresses and refuses anything exotic.
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Trims and lower-cases an e-mail address. Accented characters are refused rather than silently
 * stripped: "andré@…" and "andre@…" are two different mailboxes, only the clerk can tell which.
 */
export function normalizeEmail(input: string): string {
  const value = String(input ?? '').trim().toLowerCase();
  if (value === '') throw invalid('parapheur:hostErrors.contact.emailEmpty');
  if (/[^\x20-\x7e]/.test(value)) throw invalid('parapheur:hostErrors.contact.emailAccents', { email: value });
  if (!EMAIL.test(value) || value.length > 254) throw invalid('parapheur:hostErrors.contact.emailInvalid', { email: value });
  return value;
}

/** Calling codes and national trunk prefix of the countries clerks' correspondents usually have. */
const countries: Record<string, { code: string; trunk: boolean; nationalDigits?: number[] }> = {
  FR: { code: '33', trunk: true, nationalDigits: [9] },
  BE: { code: '32', trunk: true, nationalDigits: [8, 9] },
  CH: { code: '41', trunk: true, nationalDigits: [9] },
  DE: { code: '49', trunk: true },
  GB: { code: '44', trunk: true, nationalDigits: [9, 10] },
  LU: { code: '352', trunk: false },
  MC: { code: '377', trunk: false, nationalDigits: [8, 9] },
  ES: { code: '34', trunk: false, nationalDigits: [9] },
  PT: { code: '351', trunk: false, nationalDigits: [9] },
  IT: { code: '39', trunk: false },
};

/**
 * French overseas departments share the national plan (0690…, 0692…) but have their own country
 * code in E.164; an SMS to "+33 690…" does not reach Guadeloupe.
 */
const frenchOverseas: Array<{ prefix: RegExp; code: string }> = [
  { prefix: /^(590|69[01])/, code: '590' }, // Guadeloupe, Saint-Martin, Saint-Barthélemy
  { prefix: /^(594|694)/, code: '594' }, // Guyane
  { prefix: /^(596|69[67])/, code: '596' }, // Martinique
  { prefix: /^(262|269|639|69[23])/, code: '262' }, // La Réunion, Mayotte
];

/**
 * Converts a phone number to E.164 (`+33612345678`), as FAST needs for OTP SMS delivery.
 * Accepts "0612345678", "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "+33 (0)6…",
 * "0033 6…". Numbers without a country code are read in `defaultCountry`.
 */
export function toE164(input: string, defaultCountry = 'FR'): string {
  const raw = String(input ?? '').trim();
  const impossible = () => invalid('parapheur:hostErrors.contact.phoneInvalid', { phone: raw });
  if (raw === '') throw invalid('parapheur:hostErrors.contact.phoneEmpty');
  if (!/^[+\d\s.\-()/\u00a0]+$/.test(raw)) throw impossible();
  let value = raw.replace(/\(0\)/g, '').replace(/[\s.\-()/\u00a0]/g, '');
  if (value.startsWith('00')) value = `+${value.slice(2)}`;
  if (value.startsWith('+')) {
    const digits = value.slice(1);
    if (!/^[1-9]\d{6,14}$/.test(digits)) throw impossible();
    if (digits.startsWith('33')) {
      // "+33 06…" is a common mistake: the trunk 0 has no place after the country code.
      const national = digits.slice(2).replace(/^0/, '');
      if (!/^[1-9]\d{8}$/.test(national)) throw impossible();
      return `+33${national}`;
    }
    return `+${digits}`;
  }
  if (!/^\d+$/.test(value)) throw impossible();
  const country = countries[defaultCountry.toUpperCase()];
  if (!country) throw invalid('parapheur:hostErrors.contact.phoneCountry', { country: defaultCountry });
  let national = value;
  if (country.trunk) {
    if (!national.startsWith('0')) throw impossible();
    national = national.slice(1);
  }
  if (!/^[1-9]\d+$/.test(national)) throw impossible();
  if (country.nationalDigits && !country.nationalDigits.includes(national.length)) throw impossible();
  if (defaultCountry.toUpperCase() === 'FR') {
    const overseas = frenchOverseas.find((o) => o.prefix.test(national));
    if (overseas) return `+${overseas.code}${national}`;
  }
  const e164 = `+${country.code}${national}`;
  if (e164.length > 16 || e164.length < 8) throw impossible();
  return e164;
}

/** True when normalizeEmail would accept the address. */
export function isValidEmail(input: string): boolean {
  try {
    normalizeEmail(input);
    return true;
  } catch {
    return false;
  }
}

/** True when toE164 can turn the number into E.164 (French numbers by default). */
export function isValidPhone(input: string, defaultCountry = 'FR'): boolean {
  try {
    toE164(input, defaultCountry);
    return true;
  } catch {
    return false;
  }
}
