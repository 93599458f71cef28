import { z } from 'zod';
import { prioritySchema, type TicketFilter } from '@grip/contracts/tickets';
import type { BoardFilter } from '../../api/tickets-list.ts';

/**
 * The board's quick filters as they sit in its address (`/tickets/board?mine=true&priority=["urgent"]`), so a
 * filtered board can be bookmarked and shared. Anything malformed is dropped rather than failing the page.
 */
export const boardSearchSchema = z.object({
  pipeline: z.uuid().optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  mine: z.boolean().optional().catch(undefined),
  unassigned: z.boolean().optional().catch(undefined),
  overdue: z.boolean().optional().catch(undefined),
  priority: z.array(prioritySchema).max(4).optional().catch(undefined),
});
export type BoardSearch = z.infer<typeof boardSearchSchema>;

/** The search without empty parts, so the address shows only what filters. */
export function cleanBoardSearch(search: BoardSearch): BoardSearch {
  const out: BoardSearch = {};
  if (search.pipeline) out.pipeline = search.pipeline;
  if (search.q?.trim()) out.q = search.q.trim();
  if (search.mine) out.mine = true;
  if (search.unassigned) out.unassigned = true;
  if (search.overdue) out.overdue = true;
  if (search.priority?.length) out.priority = search.priority;
  return out;
}

export const isBoardFiltered = (search: BoardSearch) => Object.keys(cleanBoardSearch({ ...search, pipeline: undefined })).length > 0;

/** What the API is asked: "mine" and "unassigned" together mean either of them. */
export function toBoardFilter(search: BoardSearch): BoardFilter {
  const assignee: NonNullable<TicketFilter['assignee']> = [];
  if (search.mine) assignee.push('me');
  if (search.unassigned) assignee.push('none');
  const filter: BoardFilter = {};
  if (search.pipeline) filter.pipelineId = search.pipeline;
  if (search.q?.trim()) filter.q = search.q.trim();
  if (search.priority?.length) filter.priority = search.priority;
  if (assignee.length > 0) filter.assignee = assignee;
  if (search.overdue) filter.overdue = true;
  return filter;
}
