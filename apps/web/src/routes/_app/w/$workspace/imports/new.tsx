import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { z } from 'zod';
import { importEntitySchema } from '@grip/contracts/imports';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { NewImportWizard } from '@/features/imports/components/import-wizard.tsx';

export const Route = createFileRoute('/_app/w/$workspace/imports/new')({
  // The list that opened the wizard names what is imported (`?entity=customers`); otherwise the wizard asks.
  validateSearch: z.object({ entity: importEntitySchema.optional().catch(undefined) }),
  staticData: { crumb: 'New import' },
  component: () => (
    <PermissionGate permission="imports:run" fallback={<ForbiddenPage />}>
      <NewImportPage />
    </PermissionGate>
  ),
});

function NewImportPage() {
  const { workspace } = Route.useParams();
  const { entity } = Route.useSearch();
  const navigate = useNavigate();
  return (
    <NewImportWizard
      // Another entity is another wizard: nothing chosen for the previous one carries over.
      key={entity ?? ''}
      workspace={workspace}
      entity={entity}
      // The uploaded import has its own address (reload, share, come back later): the wizard goes on there.
      onUploaded={(detail) => void navigate({ to: '/w/$workspace/imports/$importId', params: { workspace, importId: detail.id }, replace: true })}
    />
  );
}
