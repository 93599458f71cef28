import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getCustomFieldsQueryOptions } from '@/features/customers/api/fields.ts';
import { CustomFieldsList } from '@/features/customers/components/fields/custom-fields-list.tsx';

export const Route = createFileRoute('/_app/w/$workspace/settings/fields')({
  staticData: { crumb: 'Custom fields' },
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(getCustomFieldsQueryOptions(params.workspace));
  },
  component: () => (
    <PermissionGate permission="customers:configure" fallback={<ForbiddenPage />}>
      <FieldsPage />
    </PermissionGate>
  ),
});

function FieldsPage() {
  const { workspace } = Route.useParams();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        title="Custom fields"
        description="Extra facts about customers, in the order the customer form shows them."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)} data-testid="add-custom-field">
            Add field
          </Button>
        }
      />
      <CustomFieldsList workspace={workspace} creating={creating} onCreatingChange={setCreating} />
    </>
  );
}
