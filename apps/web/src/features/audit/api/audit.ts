import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { auditEntrySchema } from '@grip/contracts/access';
import { pageOf } from '@grip/contracts/common';
import { apiFetch } from '@/lib/api.ts';

const PAGE_SIZE = 50;
const auditPageSchema = pageOf(auditEntrySchema);

/** What the user typed; dates are calendar days (`YYYY-MM-DD`) in the browser's time zone. */
export interface AuditFilters {
  actor?: string;
  action?: string;
  entity?: string;
  from?: string;
  to?: string;
}

const startOfDay = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const endOfDay = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();

/** The API's query string for the filters (shared by the list and the CSV export). */
export function auditQuery(filters: AuditFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.actor) query.set('actor', filters.actor);
  if (filters.action) query.set('action', filters.action);
  if (filters.entity) query.set('entity', filters.entity);
  if (filters.from) query.set('from', startOfDay(filters.from));
  if (filters.to) query.set('to', endOfDay(filters.to));
  return query;
}

const auditPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/audit`;

export function auditExportUrl(slug: string, filters: AuditFilters): string {
  const query = auditQuery(filters).toString();
  return `${auditPath(slug)}/export.csv${query ? `?${query}` : ''}`;
}

export function getAuditPage(slug: string, filters: AuditFilters, cursor: string | null, { signal }: { signal?: AbortSignal } = {}) {
  const query = auditQuery(filters);
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return apiFetch(`${auditPath(slug)}?${query.toString()}`, { schema: auditPageSchema, signal });
}

export const getAuditQueryOptions = (slug: string, filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: ['audit', slug, filters],
    queryFn: ({ pageParam, signal }) => getAuditPage(slug, filters, pageParam, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export function useAuditLog(slug: string, filters: AuditFilters) {
  return useInfiniteQuery(getAuditQueryOptions(slug, filters));
}
