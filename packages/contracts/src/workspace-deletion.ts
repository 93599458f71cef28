import { z } from 'zod';

/**
 * A workspace's deletion: requested (the final archive is prepared) → ready (download it) → scheduled (confirmed by
 * typing the workspace's name; purged after the grace period) → gone. Cancellable until the purge starts.
 */
export const WORKSPACE_DELETION_STATUSES = ['preparing', 'ready', 'scheduled', 'cancelled', 'purging'] as const;
export const workspaceDeletionStatusSchema = z.enum(WORKSPACE_DELETION_STATUSES);
export type WorkspaceDeletionStatus = z.infer<typeof workspaceDeletionStatusSchema>;

const at = z.iso.datetime({ offset: true });

export const workspaceDeletionSchema = z
  .object({
    status: workspaceDeletionStatusSchema,
    requestedAt: at,
    requestedBy: z.string().nullable().meta({ description: 'Email of the member who asked for the deletion.' }),
    /** The final archive, once built; downloadable until the purge (or until it expires unconfirmed). */
    archive: z.object({ size: z.number().int(), expiresAt: at }).nullable(),
    confirmedAt: at.nullable(),
    confirmedBy: z.string().nullable(),
    /** When the workspace will be purged (scheduled only). */
    purgeAfter: at.nullable(),
    cancelledAt: at.nullable(),
    /** Why preparing the archive failed (the request can be made again). */
    error: z.string().nullable(),
    /** Hours between confirming and the purge on this installation. */
    graceHours: z.number().int(),
  })
  .meta({ id: 'WorkspaceDeletion' });
export type WorkspaceDeletion = z.infer<typeof workspaceDeletionSchema>;

export const confirmWorkspaceDeletionBody = z.object({
  name: z.string().max(200).meta({ description: 'The workspace’s name, typed exactly.' }),
});
export type ConfirmWorkspaceDeletionBody = z.infer<typeof confirmWorkspaceDeletionBody>;

/** The deletion is under way (or done) only in these states: a new request is refused while one of them holds. */
export const isDeletionActive = (status: WorkspaceDeletionStatus) => status === 'preparing' || status === 'ready' || status === 'scheduled' || status === 'purging';
