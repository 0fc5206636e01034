/** PostgreSQL SQLSTATEs the domain turns into answers for people. */
export const UNIQUE_VIOLATION = '23505';
export const EXCLUSION_VIOLATION = '23P01';
export const DEADLOCK_DETECTED = '40P01';
export const SERIALIZATION_FAILURE = '40001';

interface PostgresErrorFields {
  code?: unknown;
  constraint?: unknown;
}

/** True when `error` (MikroORM's wrapper copies the driver's fields) broke the named constraint. */
export function violates(error: unknown, code: string, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as PostgresErrorFields;
  return fields.code === code && (constraint === undefined || fields.constraint === constraint);
}
