import { createFileRoute } from '@tanstack/react-router';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { getImportQueryOptions } from '@/features/imports/api/imports.ts';
import { ImportWizard } from '@/features/imports/components/import-wizard.tsx';

export const Route = createFileRoute('/_app/w/$workspace/imports/$importId')({
  loader: async ({ context, params }) => {
    try {
      const detail = await context.queryClient.ensureQueryData(getImportQueryOptions(params.workspace, params.importId, context.queryClient));
      return { crumb: detail.fileName };
    } catch {
      // The page itself shows why (not found, no access, offline).
      return { crumb: 'Import' };
    }
  },
  component: () => (
    <PermissionGate permission="imports:run" fallback={<ForbiddenPage />}>
      <ImportPage />
    </PermissionGate>
  ),
});

function ImportPage() {
  const { workspace, importId } = Route.useParams();
  // Another import is another wizard: the step chosen in the previous one must not carry over.
  return <ImportWizard key={importId} workspace={workspace} importId={importId} />;
}
