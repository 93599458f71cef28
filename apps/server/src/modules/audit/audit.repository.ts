import type pg from 'pg';

export interface AuditFilters {
  actor?: string;
  action?: string;
  entity?: string;
  from?: string;
  to?: string;
}

/** One page of audit entries, newest first, after the keyset (createdAt, id). */
export async function selectAuditPage(client: Pick<pg.PoolClient, 'query'>, workspaceId: string, f: AuditFilters, after: [string, string] | null, limit: number) {
  const { rows } = await client.query(
    `SELECT id, actor_user_id AS "actorUserId", actor_email AS "actorEmail", action, entity_type AS "entityType", entity_id AS "entityId",
            before, after, ip, user_agent AS "userAgent", request_id AS "requestId", created_at AS "createdAt"
       FROM audit_log
      WHERE workspace_id = $1
        AND ($2::text IS NULL OR actor_email ILIKE '%' || $2 || '%' OR actor_user_id::text = $2)
        AND ($3::text IS NULL OR action LIKE $3 || '%')
        AND ($4::text IS NULL OR entity_type = $4 OR entity_id = $4)
        AND ($5::timestamptz IS NULL OR created_at >= $5)
        AND ($6::timestamptz IS NULL OR created_at < $6)
        AND ($7::timestamptz IS NULL OR (created_at, id) < ($7, $8::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $9`,
    [workspaceId, f.actor ?? null, f.action ?? null, f.entity ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
  );
  return rows;
}
