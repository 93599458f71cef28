import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Platform-level events (sign-in, password changes) are stored under this workspace id. */
export const PLATFORM_WORKSPACE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Append-only: the app role may INSERT and SELECT, never UPDATE or DELETE (see the access migration).
 * Snapshots, not references: actor email and before/after are copied at the time of the event.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: uuid().notNull(),
    id: uuid().notNull().defaultRandom(),
    actorUserId: uuid(),
    actorEmail: text(),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    before: jsonb(),
    after: jsonb(),
    ip: text(),
    userAgent: text(),
    requestId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('audit_log_workspace_created_idx').on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    index('audit_log_workspace_action_idx').on(t.workspaceId, t.action, t.createdAt.desc()),
    index('audit_log_workspace_actor_idx').on(t.workspaceId, t.actorUserId, t.createdAt.desc()),
    index('audit_log_workspace_entity_idx').on(t.workspaceId, t.entityType, t.entityId),
  ],
);
