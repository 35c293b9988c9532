import { createTokenSession, systemTimers, type SessionTimers, type TokenSessionOptions, type TokenSessionState } from '../../core/http/tokenSession.js';
import { hasCode, id360Error, id360ErrorCodes, isProviderAnswer } from './errors.js';

/**
 * One ID360 token for the whole app (docs/providers/id360.md#session). ID360 reads repeated logins
 * as abnormal behaviour: the core token session (main/core/http/tokenSession.ts) shares one login
 * between all callers, keeps the token alive after 13 idle minutes, re-logs once on a 401 for every
 * caller waiting then, backs off after a failed login and stops after a refused one. What is ID360's
 * own here: which answers mean "token refused", "credentials refused" and "ID360 answered".
 */

export { systemTimers, type SessionTimers };

export type Id360SessionOptions = Omit<TokenSessionOptions, 'isUnauthorized' | 'isCredentialsRefused' | 'isProviderAnswer' | 'loginDeferredError' | 'name'>;

export type Id360SessionState = TokenSessionState;

export function createId360Session(opts: Id360SessionOptions) {
  return createTokenSession({
    ...opts,
    name: 'id360',
    isUnauthorized: (error) => hasCode(error, id360ErrorCodes.unauthorized),
    // A user account without its 2FA code cannot log in either: no retry until the clerk gives one (reset()).
    isCredentialsRefused: (error) => hasCode(error, id360ErrorCodes.credentialsRefused) || hasCode(error, id360ErrorCodes.twoFactorRequired),
    // Any HTTP answer of ID360 slides the token's expiry, a transport failure does not.
    isProviderAnswer,
    loginDeferredError: (retryInMs) =>
      id360Error(id360ErrorCodes.loginDeferred, 'id360:errors.ID360_LOGIN_DEFERRED', { retryInMs }),
  });
}

export type Id360Session = ReturnType<typeof createId360Session>;
