import { createFileRoute } from '@tanstack/react-router';
import { backupsQueryOptions } from '@/features/backups/api/backups.ts';
import { BackupsPage } from '@/features/backups/components/backups-page.tsx';

export const Route = createFileRoute('/_app/admin/backups')({
  staticData: { crumb: 'Backups' },
  loader: ({ context }) => {
    if (context.me.platformRole === 'admin') void context.queryClient.prefetchQuery(backupsQueryOptions());
  },
  component: BackupsPage,
});
