import type pg from 'pg';
import type { Grants, Permission } from '@grip/contracts/access';
import type { CommandCenter } from '@grip/contracts/command-center';
import type { TicketListQuery } from '@grip/contracts/tickets';
import type { Caller } from '../customers/customers.service.ts';
import { listCustomers } from '../customers/customers.service.ts';
import { listAudit } from '../audit/audit.service.ts';
import { countTickets, listTickets, ticketKpis } from '../tickets/tickets.service.ts';

const PANEL_SIZE = 10;

/** What the panels of the Command Center mean, as list filters: the list with the same filter shows the same tickets. */
export const PANELS = {
  overdue: { overdue: 'true', sort: 'dueAt' },
  unassigned: { assignee: 'none', category: 'open,waiting', sort: '-priority,dueAt' },
  mine: { assignee: 'me', category: 'open,waiting', sort: '-priority,dueAt' },
  waiting: { category: 'waiting', sort: 'dueAt' },
} as const satisfies Record<string, Partial<TicketListQuery>>;

/**
 * The workspace home in one answer: each section only when the caller's role allows it (tickets:read,
 * customers:read, audit:read), each under the scope of that permission.
 */
export async function commandCenter(pool: pg.Pool, caller: Omit<Caller, 'scope'>, grants: Grants): Promise<CommandCenter> {
  const as = (permission: Permission): Caller | null => (grants[permission] ? { ...caller, scope: grants[permission] } : null);
  const ticketsCaller = as('tickets:read');
  const customersCaller = as('customers:read');
  const auditCaller = as('audit:read');

  const panel = async (c: Caller, q: (typeof PANELS)[keyof typeof PANELS]) => {
    const { sort, ...filter } = q;
    const [page, count] = await Promise.all([listTickets(pool, c, { ...filter, sort, limit: PANEL_SIZE }), countTickets(pool, c, filter)]);
    return { items: page.items, count: count.count, capped: count.capped };
  };
  const [tickets, kpis, recentCustomers, activity] = await Promise.all([
    ticketsCaller
      ? Promise.all([panel(ticketsCaller, PANELS.overdue), panel(ticketsCaller, PANELS.unassigned), panel(ticketsCaller, PANELS.mine), panel(ticketsCaller, PANELS.waiting)]).then(
          ([overdue, unassigned, mine, waiting]) => ({ overdue, unassigned, mine, waiting }),
        )
      : null,
    ticketsCaller ? ticketKpis(pool, ticketsCaller) : null,
    customersCaller
      ? listCustomers(pool, customersCaller, { sort: '-createdAt', limit: PANEL_SIZE }).then((p) =>
          p.items.map((c) => ({ id: c.id, name: c.name, email: c.email, status: c.status, createdAt: c.createdAt })),
        )
      : null,
    auditCaller
      ? listAudit(pool, auditCaller, { limit: 20 }).then((p) =>
          p.items.map((a) => ({ id: a.id as string, action: a.action as string, entityType: a.entityType as string, entityId: (a.entityId as string | null) ?? null, actorEmail: (a.actorEmail as string | null) ?? null, createdAt: a.createdAt })),
        )
      : null,
  ]);
  return { tickets, recentCustomers, activity, kpis };
}
