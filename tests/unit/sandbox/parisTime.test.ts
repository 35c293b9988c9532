import { describe, expect, it } from 'vitest';
import { formatParisHuman, formatParisIso } from '../../../main/sandbox/parisTime.js';
import { localDateTime } from '../../../main/sandbox/dossierfacile/store.js';

/**
 * The simulators write French wall-clock time whatever the machine's zone (the test machines run in
 * UTC): the same instants, in winter (+01:00) and in summer (+02:00).
 */
const winter = Date.UTC(2024, 2, 4, 8, 12, 1);
const summer = Date.UTC(2024, 6, 14, 22, 30, 0);

describe('Paris time in the simulators', () => {
  it('writes FAST history dates with the Paris offset', () => {
    expect(formatParisIso(winter)).toBe('2024-03-04T09:12:01+01:00');
    // Past midnight in Paris while still the 14th in UTC.
    expect(formatParisIso(summer)).toBe('2024-07-15T00:30:00+02:00');
  });

  it('prints routing-sheet dates as a clerk reads them in France', () => {
    expect(formatParisHuman(winter)).toBe('04/03/2024 à 09:12');
    expect(formatParisHuman(summer)).toBe('15/07/2024 à 00:30');
  });

  it('writes DossierFacile local date-times from the same Paris clock', () => {
    expect(localDateTime(winter + 123)).toBe('2024-03-04T09:12:01.123');
    expect(localDateTime(summer, 5, true)).toBe('2024-07-15T00:30:00.000005');
  });
});
