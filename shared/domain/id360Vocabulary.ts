/**
 * ID360's plain vocabulary, readable without loading zod (the window's start-up bundle stays free of
 * it); id360.ts re-exports it beside the schemas.
 */

export const id360Statuses = ['NEW', 'STARTED', 'OK', 'KO', 'FAILED', 'CANCELED', 'DISCONTINUED', 'UNKNOWN'] as const;

/** Data ID360 can compare with what the person shows (docs/providers/id360.md#endpoints, #5). */
export const id360ControlledData = ['name', 'first_name', 'birth_date', 'email', 'phone_number'] as const;
