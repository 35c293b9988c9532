import { isValidEmail, toE164 } from '../../../shared/domain/contact.js';

export type PersonField = 'last_name' | 'first_name' | 'birth_date' | 'email' | 'phone_number';
/** Form field → ID360 control name (docs/providers/id360.md#endpoints, #5). */
export const controlOf = { last_name: 'name', first_name: 'first_name', birth_date: 'birth_date', email: 'email', phone_number: 'phone_number' } as const;
export const labelKeys = { last_name: 'form.lastName', first_name: 'form.firstName', birth_date: 'form.birthDate', email: 'form.email', phone_number: 'form.phone' } as const;
export const personFields: readonly PersonField[] = ['last_name', 'first_name', 'birth_date', 'email', 'phone_number'];

/** The checks made before asking main, with the formats the provider knows (docs/providers/id360.md#enrollment). */
export function checkPerson(values: Record<PersonField, string>, locked: ReadonlySet<PersonField>, today: Date) {
  const problems: Partial<Record<PersonField, 'email' | 'phone' | 'birthDate' | 'lockEmpty'>> = {};
  const person: Partial<Record<PersonField, string>> = {};
  for (const field of personFields) {
    const value = values[field].trim();
    if (value === '') {
      if (locked.has(field)) problems[field] = 'lockEmpty';
      continue;
    }
    if (field === 'email' && !isValidEmail(value)) problems.email = 'email';
    else if (field === 'phone_number') {
      try {
        person.phone_number = toE164(value);
      } catch {
        problems.phone_number = 'phone';
      }
      continue;
    } else if (field === 'birth_date' && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)) || new Date(value) >= today)) problems.birth_date = 'birthDate';
    person[field] = value;
  }
  return { problems, person };
}

