import type { CommandCenter } from '@grip/contracts/command-center';
import type { Priority, TicketSummary } from '@grip/contracts/tickets';

// The ticket panels' definitions, as the server applies them, so a quick action can move a row before the server
// answers. The refetch that follows every action has the last word.

export type PanelName = 'overdue' | 'unassigned' | 'mine' | 'waiting';
export const PANEL_NAMES: PanelName[] = ['overdue', 'unassigned', 'mine', 'waiting'];

/** The signed-in user, as an assignee. */
export interface Me {
  id: string;
  name: string;
  email: string;
}

/** Rows a panel shows. */
export const PANEL_SIZE = 10;

const notDone = (ticket: TicketSummary) => ticket.stage.category !== 'done';

const belongsTo: Record<PanelName, (ticket: TicketSummary, meId: string) => boolean> = {
  overdue: (ticket) => ticket.overdue && notDone(ticket),
  unassigned: (ticket) => ticket.assignee === null && notDone(ticket),
  mine: (ticket, meId) => ticket.assignee?.id === meId && notDone(ticket),
  waiting: (ticket) => ticket.stage.category === 'waiting',
};

const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
type Order = (a: TicketSummary, b: TicketSummary) => number;
const byDue: Order = (a, b) => a.dueAt.localeCompare(b.dueAt) || a.number - b.number;
const byUrgency: Order = (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || byDue(a, b);

/** The server's sort of each panel: past due and waiting by due date, the others most urgent first. */
const panelOrder: Record<PanelName, Order> = { overdue: byDue, unassigned: byUrgency, mine: byUrgency, waiting: byDue };

type Panel = NonNullable<CommandCenter['tickets']>[PanelName];

function placeInPanel(panel: Panel, ticket: TicketSummary, belongs: boolean, order: Order): Panel {
  const had = panel.items.some((item) => item.id === ticket.id);
  if (!had && !belongs) return panel;
  const items = panel.items.filter((item) => item.id !== ticket.id);
  if (belongs) {
    const at = items.findIndex((item) => order(ticket, item) < 0);
    items.splice(at >= 0 ? at : items.length, 0, ticket);
  }
  const delta = (belongs ? 1 : 0) - (had ? 1 : 0);
  // A capped count ("10,000+") stays as it is: one ticket more or less does not change what it says.
  const count = panel.capped ? panel.count : Math.max(0, panel.count + delta);
  return { ...panel, items: items.slice(0, PANEL_SIZE), count };
}

/** The Command Center with a ticket as it is now: in the panels whose definition it meets, out of the others, counts adjusted. */
export function applyTicket(data: CommandCenter, ticket: TicketSummary, meId: string): CommandCenter {
  const { tickets } = data;
  if (!tickets) return data;
  const next = { ...tickets };
  for (const name of PANEL_NAMES) next[name] = placeInPanel(tickets[name], ticket, belongsTo[name](ticket, meId), panelOrder[name]);
  return { ...data, tickets: next };
}

/** The ticket as a panel shows it, wherever it is. */
export function findTicket(data: CommandCenter | undefined, ticketId: string): TicketSummary | undefined {
  for (const name of PANEL_NAMES) {
    const found = data?.tickets?.[name].items.find((item) => item.id === ticketId);
    if (found) return found;
  }
  return undefined;
}
