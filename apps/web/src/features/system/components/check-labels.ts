import type { Ready } from '@grip/contracts/system';

export type CheckName = keyof Ready['checks'];

/** Display order and wording of the readiness checks. */
export const checkLabels: Record<CheckName, { label: string; description: string }> = {
  database: { label: 'Database', description: 'PostgreSQL connection' },
  migrations: { label: 'Migrations', description: 'Schema is up to date' },
  jobs: { label: 'Jobs', description: 'Background job runner' },
};

export const checkNames = Object.keys(checkLabels) as CheckName[];
