import { z } from 'zod';

export const noteSchema = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    body: z.string(),
    author: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
    /** Whether the caller may edit or delete it (the author, or a role with notes:update / notes:delete of scope all). */
    canEdit: z.boolean(),
    canDelete: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Note' });
export type Note = z.infer<typeof noteSchema>;

export const noteBody = z.object({ body: z.string().trim().min(1, 'is required').max(20000, 'must be at most 20000 characters') });
