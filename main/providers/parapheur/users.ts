/** The fields of a FAST user that tell a technical account. */
type NamedUser = { lastName: string; firstName: string; email: string };

/** Technical accounts FAST lists among the users (`e-signature`), which are nobody the clerk knows. */
export function isTechnicalUser(user: NamedUser): boolean {
  return [user.lastName, user.firstName, user.email.split('@')[0] ?? ''].some((v) => /^e-?signature$/i.test(v.trim()));
}

export function withoutTechnicalUsers<T extends NamedUser>(users: readonly T[]): T[] {
  return users.filter((u) => !isTechnicalUser(u));
}
