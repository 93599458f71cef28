import { IconUpload } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { RouterButton } from '@/components/ui/link.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { ImportsHistory } from '@/features/imports/components/imports-history.tsx';

export const Route = createFileRoute('/_app/w/$workspace/imports/')({
  component: () => (
    <PermissionGate permission="imports:run" fallback={<ForbiddenPage />}>
      <ImportsPage />
    </PermissionGate>
  ),
});

function ImportsPage() {
  const { workspace } = Route.useParams();
  return (
    <>
      <PageHeader
        title="Imports"
        description="Customers, policies and tickets brought in from files: what each import did, its errors, and undo."
        actions={
          <RouterButton to="/w/$workspace/imports/new" params={{ workspace }} leftSection={<IconUpload size={16} aria-hidden />} data-testid="imports-new">
            New import
          </RouterButton>
        }
      />
      <ImportsHistory workspace={workspace} />
    </>
  );
}
