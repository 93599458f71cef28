/** Whether a query failed on a unique constraint (PostgreSQL 23505), and on which. */
export const isUniqueViolation = (err: unknown, constraint: string) =>
  (err as { code?: string }).code === '23505' && (err as { constraint?: string }).constraint === constraint;
