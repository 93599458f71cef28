import { TICKET_SORT_FIELDS, ticketFilterSchema, type TicketFilter } from '@grip/contracts/tickets';
import { paramToSort, sortToParam } from '@/components/data-table/data-table.tsx';
import { withoutEmptyParts, type ListKind } from '@/components/list/list-state.ts';

/** The filter without empty parts, so equal filters compare, cache and save equal however they were edited. */
export const cleanFilter = (filter: TicketFilter): TicketFilter => withoutEmptyParts(filter);

export const isFiltered = (filter: TicketFilter) => Object.keys(cleanFilter(filter)).length > 0;

const sortable = new Set<string>(TICKET_SORT_FIELDS);

export const ticketsListKind: ListKind<TicketFilter> = {
  resource: 'tickets',
  filterSchema: ticketFilterSchema,
  cleanFilter,
  checkSort: (param) => {
    const sort = paramToSort(param);
    return sort.every((s) => sortable.has(s.id)) ? sortToParam(sort) : '';
  },
};
