import { bulkJobSchema, type BulkBody, type BulkJob } from '@grip/contracts/customers';
import type { BulkEndpoints } from '@/components/bulk/bulk-api.ts';
import { apiFetch } from '@/lib/api.ts';
import { customersQueryKey } from './customer.ts';

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;

/** Where bulk changes of customers start and are followed; a change refreshes every customers query when it ends. */
export const customersBulk = (slug: string): BulkEndpoints<BulkBody, BulkJob> => ({
  start: (body) => apiFetch(`${workspacePath(slug)}/customers/bulk`, { method: 'POST', body, schema: bulkJobSchema }),
  jobsPath: `${workspacePath(slug)}/bulk-jobs`,
  jobSchema: bulkJobSchema,
  recordsKey: customersQueryKey(slug),
});
