import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from './access.ts';

/**
 * The events outbox: one row per change others should see, written by triggers in the same transaction as the
 * change (migration 0015). `id` comes from one sequence, so it orders events and clients resume after the last
 * one they saw; NOTIFY carries only ids. `owner_id` is the user that scope `own` refers to (a customer's owner,
 * a ticket's assignee); `user_id` limits an event to one user (notifications).
 */
export const events = pgTable(
  'events',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint({ mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    entity: text().notNull(),
    op: text().notNull(),
    entityId: uuid(),
    customerId: uuid(),
    ownerId: uuid(),
    userId: uuid(),
    internal: boolean().notNull().default(false),
    data: jsonb().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('events_workspace_created_idx').on(t.workspaceId, t.createdAt)],
);

/**
 * Events with an id up to `purged_through` may have been removed by the purge job (kept 24 h): a client resuming
 * after an older id is told to refetch. One row; global, as event ids are.
 */
export const eventPurgeWatermark = pgTable('event_purge_watermark', {
  singleton: boolean().primaryKey().default(true),
  purgedThrough: bigint({ mode: 'number' }).notNull().default(0),
});
