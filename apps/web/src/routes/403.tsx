import { createFileRoute } from '@tanstack/react-router';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';

export const Route = createFileRoute('/403')({
  staticData: { crumb: 'Access denied' },
  component: () => <ForbiddenPage />,
});
