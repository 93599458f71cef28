import { queryOptions, useMutation, useMutationState, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiFetch } from '@/lib/api.ts';
import { notifySuccess } from '@/lib/notify.ts';

// Only the admin console reads these, so their shapes live here, not in the contracts (as the other admin answers).
const backupSchema = z.object({ name: z.string(), size: z.number(), createdAt: z.string() });
export type Backup = z.infer<typeof backupSchema>;

const backupsSchema = z.object({
  items: z.array(backupSchema),
  nextCursor: z.null(),
  directory: z.string(),
  retention: z.object({ daily: z.number(), weekly: z.number() }),
  schedule: z.string(),
});
export type Backups = z.infer<typeof backupsSchema>;

const BACKUPS_PATH = '/api/v1/admin/backups';
export const backupsQueryKey = ['admin', 'backups'] as const;
const createBackupMutationKey = ['admin', 'backups', 'create'] as const;

export const backupsQueryOptions = () =>
  queryOptions({
    queryKey: backupsQueryKey,
    queryFn: ({ signal }) => apiFetch(BACKUPS_PATH, { schema: backupsSchema, signal }),
  });
export const useBackups = () => useQuery(backupsQueryOptions());

/**
 * Takes a backup now: seconds to minutes on a big database. The list and the toast are updated from the hook's own
 * callbacks, which still run when the operator has left the page meanwhile.
 */
export function useCreateBackup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: createBackupMutationKey,
    mutationFn: () => apiFetch(BACKUPS_PATH, { method: 'POST', schema: backupSchema }),
    onSuccess: (made) => {
      // Shown at once, before the refetch confirms it.
      queryClient.setQueryData(backupsQueryKey, (old: Backups | undefined) =>
        old && !old.items.some((b) => b.name === made.name) ? { ...old, items: [made, ...old.items] } : old,
      );
      notifySuccess(made.name, 'Backup taken');
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: backupsQueryKey }),
  });
}

/** When the oldest backup still under way started (ms), or null: survives leaving and reopening the page. */
export function useBackupInProgressSince(): number | null {
  const started = useMutationState({ filters: { mutationKey: createBackupMutationKey, status: 'pending' }, select: (m) => m.state.submittedAt });
  return started.length > 0 ? Math.min(...started) : null;
}
