import { afterEach, describe, expect, it } from 'vitest';
import { i18next } from '../../../renderer/i18n/index.js';
import { failureText, id360Resources } from '../../../renderer/features/id360/i18n/index.js';
import { createId360Client } from '../../../main/providers/id360/client.js';
import { id360ErrorFromResponse } from '../../../main/providers/id360/errors.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import { thrownBy } from '../../support/clerkText.js';

/** The translator the ID360 screens use, in one language. */
function textIn(locale: 'fr' | 'en') {
  void i18next.changeLanguage(locale);
  const fixed = (i18next.getFixedT as unknown as (l: string, ns: string) => (k: string, o?: object) => string).call(i18next, locale, 'id360');
  return {
    tx: (key: string, options?: object) => fixed(key, options),
    txOr: (key: string, fallback: string, options?: object) => (i18next.getResource(locale, 'id360', key) !== undefined ? fixed(key, options) : fallback),
    intlLocale: locale,
  } as Parameters<typeof failureText>[0];
}

afterEach(() => {
  void i18next.changeLanguage('fr');
});

describe('ID360 failures on screen', () => {
  it('words the entry main sent, in the interface language', () => {
    const error = thrownBy(() => createId360Client({ apiBaseUrl: 'http://id360docaposte.com/api/1.0.0/' }));
    expect(failureText(textIn('en'), error)).toBe('The ID360 API address must start with https://.');
    expect(failureText(textIn('fr'), error)).toBe('L’adresse de l’API d’ID360 doit commencer par https://.');
    const throttled = id360ErrorFromResponse({ operation: 'getEnrollment', httpStatus: 429, body: '{"detail":"slow down"}', retryAfter: '30' });
    expect(throttled.params).toEqual({ detail: 'slow down', retryAfterSeconds: 30 });
    expect(failureText(textIn('en'), throttled)).toBe(id360Resources.en.errors.ID360_THROTTLED);
  });

  it('falls back on its code table when main gave no entry of its own', () => {
    expect(failureText(textIn('en'), new GuichetError('ID360_UNAVAILABLE'))).toBe(id360Resources.en.errors.ID360_UNAVAILABLE);
    expect(failureText(textIn('en'), new TypeError('Failed to fetch'))).toBe(id360Resources.en.common.unexpected);
  });
});
