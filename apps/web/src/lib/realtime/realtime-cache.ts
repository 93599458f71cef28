import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { z } from 'zod';
import type { RealtimeEvent } from '@grip/contracts/realtime';
import { prioritySchema, stageCategorySchema, type Ticket } from '@grip/contracts/tickets';
import type { Me } from '@/lib/me.ts';

// The query keys below are the features' own (features/*/api): `[root, slug, ...]`. lib/ does not import features,
// so they are matched here by their literal prefixes; a feature that renames a root must update this file.
const keys = {
  tickets: (slug: string) => ['tickets', slug],
  ticketDetail: (slug: string, id: string) => ['tickets', slug, 'detail', id],
  customers: (slug: string) => ['customers', slug],
  customerDetail: (slug: string, id: string) => ['customers', slug, 'detail', id],
  policies: (slug: string) => ['policies', slug],
  notes: (slug: string) => ['notes', slug],
  pipelines: (slug: string) => ['pipelines', slug],
  members: (slug: string) => ['members', slug],
  notifications: (slug: string) => ['notifications', slug],
  commandCenter: (slug: string) => ['command-center', slug],
};

/** Query roots that a workspace-wide refetch leaves alone: a draft being typed must not be replaced by the saved one. */
const KEEP_ON_RESET = new Set(['drafts']);

/** Events coming in a burst (a bulk change, a catch-up) cost one refetch per query, not one per event. */
const INVALIDATE_AFTER_MS = 150;
/** While the user's own changes are being saved, a refetch could show the state before them: wait, up to this long. */
const MAX_WAIT_FOR_MUTATIONS_MS = 3_000;
/** A refetch round that hangs (a stalled request) must not hold back the next one for ever. */
const MAX_ROUND_MS = 10_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const isoDate = z.string().transform((value, ctx) => {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    ctx.addIssue({ code: 'custom', message: 'not a date' });
    return z.NEVER;
  }
  // The event's snapshot is PostgreSQL's JSON (`+00:00`, microseconds); the API sends `toISOString()`.
  return new Date(time).toISOString();
});

/** The ticket snapshot an event carries: what can be merged into a cached ticket at once. */
const ticketSnapshotSchema = z.object({
  id: z.string(),
  title: z.string(),
  stageId: z.string(),
  priority: prioritySchema,
  assigneeId: z.string().nullable(),
  dueAt: isoDate,
  overdue: z.boolean(),
  completedAt: isoDate.nullable(),
  version: z.number().int(),
  customerId: z.string(),
  updatedAt: isoDate,
});
type TicketSnapshot = z.infer<typeof ticketSnapshotSchema>;

const stageRefSchema = z.object({ id: z.string(), name: z.string(), category: stageCategorySchema });
type StageRef = z.infer<typeof stageRefSchema>;
const stagesHolderSchema = z.object({ stages: z.array(stageRefSchema) });
const memberRefSchema = z.object({ userId: z.string(), name: z.string(), email: z.string() });

/** A stage by id from whatever is cached that lists stages: the pipelines, or a board's pipeline. */
function findStage(queryClient: QueryClient, slug: string, stageId: string): StageRef | undefined {
  const sources = [...queryClient.getQueriesData({ queryKey: keys.pipelines(slug) }), ...queryClient.getQueriesData({ queryKey: [...keys.tickets(slug), 'board'] })];
  for (const [, data] of sources) {
    const record = (data ?? {}) as { items?: unknown; pipeline?: unknown };
    const pipelines = Array.isArray(record.items) ? record.items : [record.pipeline];
    for (const pipeline of pipelines) {
      const parsed = stagesHolderSchema.safeParse(pipeline);
      const stage = parsed.success ? parsed.data.stages.find((s) => s.id === stageId) : undefined;
      if (stage) return { id: stage.id, name: stage.name, category: stage.category };
    }
  }
  return undefined;
}

/** A member by user id from a cached members list (or the signed-in user themselves). */
function findUser(queryClient: QueryClient, slug: string, userId: string): Ticket['assignee'] | undefined {
  const me = queryClient.getQueryData<Me | null>(['me']);
  if (me?.user.id === userId) return { id: me.user.id, name: me.user.name, email: me.user.email };
  for (const [, data] of queryClient.getQueriesData({ queryKey: keys.members(slug) })) {
    const items = (data as { items?: unknown } | undefined)?.items;
    if (!Array.isArray(items)) continue;
    for (const item of items) {
      const member = memberRefSchema.safeParse(item);
      if (member.success && member.data.userId === userId) return { id: userId, name: member.data.name, email: member.data.email };
    }
  }
  return undefined;
}

/**
 * The cached ticket with the event's snapshot merged in. Stage and assignee are shown by name, so they change only
 * when the name is known from the cache; otherwise the refetch that follows every event brings them.
 */
export function mergeTicketSnapshot(ticket: Ticket, snapshot: TicketSnapshot, lookup: { stage: (id: string) => StageRef | undefined; user: (id: string) => Ticket['assignee'] | undefined }): Ticket {
  const stage = snapshot.stageId === ticket.stage.id ? ticket.stage : (lookup.stage(snapshot.stageId) ?? ticket.stage);
  let assignee = ticket.assignee;
  if (snapshot.assigneeId === null) assignee = null;
  else if (snapshot.assigneeId !== ticket.assignee?.id) assignee = lookup.user(snapshot.assigneeId) ?? ticket.assignee;
  return {
    ...ticket,
    title: snapshot.title,
    priority: snapshot.priority,
    dueAt: snapshot.dueAt,
    overdue: snapshot.overdue,
    completedAt: snapshot.completedAt,
    version: snapshot.version,
    updatedAt: snapshot.updatedAt,
    stage,
    assignee,
  };
}

export interface CacheUpdater {
  apply: (event: RealtimeEvent) => void;
  /** Refetch everything of the workspace (the server could not replay what was missed). */
  reset: () => void;
  /** Drops pending refetches (the connection is being closed for good). */
  dispose: () => void;
}

/**
 * Turns live events into cache changes: a ticket open on a page is patched at once; lists, boards, counts and the
 * Command Center are refetched, batched over a short window.
 */
export function createCacheUpdater(queryClient: QueryClient, slug: string): CacheUpdater {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waitingSince: number | null = null;
  let refetching = false;
  let disposed = false;

  function invalidate(...queryKeys: QueryKey[]) {
    for (const key of queryKeys) pending.set(JSON.stringify(key), key);
    schedule();
  }

  function schedule() {
    if (timer === undefined && !refetching && !disposed) timer = setTimeout(() => void flush(), INVALIDATE_AFTER_MS);
  }

  async function flush() {
    timer = undefined;
    // An optimistic change still being saved (a card just dropped, say) would flicker back if the list were
    // refetched before the server has it; its own success refreshes the lists anyway.
    if (queryClient.isMutating() > 0) {
      waitingSince ??= Date.now();
      if (Date.now() - waitingSince < MAX_WAIT_FOR_MUTATIONS_MS) {
        schedule();
        return;
      }
    }
    waitingSince = null;
    const queryKeys = [...pending.values()];
    pending.clear();
    // A key that another pending key starts with is refetched by that one already.
    const roots = queryKeys.filter((key) => !queryKeys.some((other) => other !== key && other.length < key.length && other.every((part, i) => part === key[i])));
    // One round of refetches at a time: under a steady stream of changes a new round would cancel the one in flight,
    // and a slow board would never finish loading. What arrives meanwhile waits for the next round.
    refetching = true;
    try {
      await Promise.race([Promise.all(roots.map((queryKey) => queryClient.invalidateQueries({ queryKey }))), delay(MAX_ROUND_MS)]);
    } finally {
      refetching = false;
    }
    if (pending.size > 0) schedule();
  }

  function patchTicket(event: RealtimeEvent) {
    if (event.op !== 'updated' || !event.entityId) return;
    const key = keys.ticketDetail(slug, event.entityId);
    const cached = queryClient.getQueryData<Ticket>(key);
    if (!cached) return;
    const snapshot = ticketSnapshotSchema.safeParse(event.data);
    if (!snapshot.success) return;
    // The user's own change (already in the cache from its response) or something newer: nothing to show.
    if (cached.version >= snapshot.data.version) return;
    const merged = mergeTicketSnapshot(cached, snapshot.data, {
      stage: (id) => findStage(queryClient, slug, id),
      user: (id) => findUser(queryClient, slug, id),
    });
    queryClient.setQueryData<Ticket>(key, merged);
  }

  function apply(event: RealtimeEvent) {
    const bulk = event.op === 'bulk';
    switch (event.entity) {
      case 'ticket':
        if (!bulk) patchTicket(event);
        invalidate(keys.tickets(slug), keys.commandCenter(slug));
        break;
      case 'ticket_message':
        // The thread, its count on the cards and the lists' "last activity" order.
        invalidate(keys.tickets(slug));
        break;
      case 'customer':
        // Tickets show their customer's name.
        invalidate(keys.customers(slug), keys.commandCenter(slug), ...(event.op === 'created' ? [] : [keys.tickets(slug)]));
        break;
      case 'policy':
        invalidate(keys.policies(slug), ...customerParts(event));
        break;
      case 'note':
        invalidate(keys.notes(slug), ...customerParts(event));
        break;
      case 'pipeline':
        invalidate(keys.pipelines(slug), keys.tickets(slug), keys.commandCenter(slug));
        break;
      case 'notification':
        invalidate(keys.notifications(slug));
        break;
    }
  }

  /** A policy or note shows on its customer's page (counts, timeline); a bulk change may touch any customer. */
  function customerParts(event: RealtimeEvent): QueryKey[] {
    if (event.op === 'bulk') return [keys.customers(slug)];
    return event.customerId ? [keys.customerDetail(slug, event.customerId)] : [];
  }

  function reset() {
    pending.clear();
    void queryClient.invalidateQueries({
      predicate: (query) => query.queryKey[1] === slug && !KEEP_ON_RESET.has(String(query.queryKey[0])),
    });
  }

  function dispose() {
    disposed = true;
    clearTimeout(timer);
    timer = undefined;
    pending.clear();
  }

  return { apply, reset, dispose };
}
