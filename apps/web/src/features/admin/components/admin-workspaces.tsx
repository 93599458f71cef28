import { Badge, Card, EmptyState, Table, Text } from '@mantine/core';
import { IconBuildingSkyscraper } from '@tabler/icons-react';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { formatDate } from '@/lib/format.ts';
import { useAdminWorkspaces } from '../api/admin.ts';

/** Every workspace of the installation. */
export function AdminWorkspaces() {
  const workspaces = useAdminWorkspaces();
  if (workspaces.isPending) return <Card p={0}><TableSkeleton label="Loading workspaces" /></Card>;
  if (workspaces.isError) {
    return <QueryError title="Cannot load workspaces" error={workspaces.error} onRetry={() => void workspaces.refetch()} retrying={workspaces.isFetching} />;
  }
  const rows = workspaces.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState icon={<IconBuildingSkyscraper size={28} aria-hidden />} withIndicatorBackground title="No workspaces yet" description="Workspaces appear here as soon as someone creates one." />
      </Card>
    );
  }
  return (
    <>
      <Card p={0} data-testid="admin-workspaces">
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Workspace</Table.Th>
                <Table.Th ta="right">Members</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((workspace) => (
                <Table.Tr key={workspace.id} data-testid="admin-workspace-row">
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {workspace.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      /w/{workspace.slug}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{workspace.memberCount}</Text>
                  </Table.Td>
                  <Table.Td>{workspace.disabledAt ? <Badge color="red">Disabled</Badge> : <Badge color="teal">Active</Badge>}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDate(workspace.createdAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <LoadMore hasNextPage={workspaces.hasNextPage} isFetchingNextPage={workspaces.isFetchingNextPage} fetchNextPage={workspaces.fetchNextPage} />
    </>
  );
}
