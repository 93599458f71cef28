import { createFileRoute } from '@tanstack/react-router';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';

export const Route = createFileRoute('/_app/403')({
  staticData: { crumb: 'Access denied' },
  component: () => <ForbiddenPage />,
});
