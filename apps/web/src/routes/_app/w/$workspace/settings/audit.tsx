import { Button, Stack } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { z } from 'zod';
import { PermissionGate, useHasPermission } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { auditExportUrl, getAuditQueryOptions } from '@/features/audit/api/audit.ts';
import { AuditFilters } from '@/features/audit/components/audit-filters.tsx';
import { AuditLog } from '@/features/audit/components/audit-log.tsx';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);
const text = z.coerce.string().max(254).optional().catch(undefined);

export const Route = createFileRoute('/_app/w/$workspace/settings/audit')({
  staticData: { crumb: 'Audit log' },
  // Filters live in the URL: a filtered view can be bookmarked and shared.
  validateSearch: z.object({ actor: text, action: text, entity: text, from: day, to: day }),
  loaderDeps: ({ search }) => search,
  loader: ({ context, params, deps }) => {
    void context.queryClient.prefetchInfiniteQuery(getAuditQueryOptions(params.workspace, deps));
  },
  component: () => (
    <PermissionGate permission="audit:read" fallback={<ForbiddenPage />}>
      <AuditPage />
    </PermissionGate>
  ),
});

function AuditPage() {
  const { workspace } = Route.useParams();
  const filters = Route.useSearch();
  const navigate = useNavigate({ from: Route.fullPath });
  const canExport = useHasPermission('audit:export');
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change to members, roles, invitations, settings and flags: who, what, when, before and after."
        actions={
          canExport && (
            <Button
              component="a"
              href={auditExportUrl(workspace, filters)}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              data-testid="audit-export"
            >
              Export CSV
            </Button>
          )
        }
      />
      <Stack gap="md">
        <AuditFilters key={JSON.stringify(filters)} value={filters} onChange={(next) => void navigate({ search: next })} />
        <AuditLog slug={workspace} filters={filters} />
      </Stack>
    </>
  );
}
