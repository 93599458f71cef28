import { z } from 'zod';

/**
 * Live updates over `GET /api/v1/w/{workspace}/realtime` (WebSocket; the session cookie or `Authorization: Bearer`
 * authenticates it; `?after=<event id>` resumes). Every change others may see is an event; the server sends each
 * one only to connections whose user may see that record.
 */
export const EVENT_ENTITIES = ['customer', 'policy', 'note', 'ticket', 'ticket_message', 'pipeline', 'notification'] as const;
export const eventEntitySchema = z.enum(EVENT_ENTITIES);
export type EventEntity = z.infer<typeof eventEntitySchema>;

export const realtimeEventSchema = z.object({
  type: z.literal('event'),
  /** Increasing; resume after the last one seen. */
  id: z.number().int(),
  entity: eventEntitySchema,
  /** `bulk`: many records of the entity changed at once (e.g. a bulk job chunk): refetch instead of patching. */
  op: z.enum(['created', 'updated', 'deleted', 'bulk']),
  entityId: z.string().nullable(),
  /** The customer the record belongs to, when it has one. */
  customerId: z.string().nullable(),
  /**
   * A snapshot of the record's main fields after the change (before it, for deletes), e.g. for a ticket
   * `{ id, number, title, stageId, priority, assigneeId, dueAt, overdue, completedAt, version, customerId, updatedAt }`.
   */
  data: z.record(z.string(), z.unknown()),
  at: z.iso.datetime({ offset: true }),
});
export type RealtimeEvent = z.infer<typeof realtimeEventSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  /** First message: the connection is live; `lastId` is the newest event id now. */
  z.object({ type: z.literal('hello'), lastId: z.number().int() }),
  realtimeEventSchema,
  /** The events after the client's `after` are no longer kept (or too many): refetch everything, then go on live. */
  z.object({ type: z.literal('reset'), lastId: z.number().int() }),
  z.object({ type: z.literal('pong') }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Client → server: `{ "type": "ping" }` (answered with pong). The server also pings at the WebSocket level every 25 s. */
export const clientMessageSchema = z.object({ type: z.literal('ping') });
