import { Avatar, Badge, Button, Card, EmptyState, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { formatDate } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useAdminUsers, useSetUserDisabled, type AdminUser } from '../api/admin.ts';

/** Every account of the installation: find one, disable or enable it. */
export function AdminUsers({ currentUserId }: { currentUserId: string }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const users = useAdminUsers(debounced);
  const [disabling, setDisabling] = useState<AdminUser | null>(null);
  const setDisabled = useSetUserDisabled();

  const toggle = (user: AdminUser, disabled: boolean) =>
    setDisabled.mutate(
      { userId: user.id, disabled },
      {
        onSuccess: () => {
          notifySuccess(disabled ? `${user.email} can no longer sign in.` : `${user.email} can sign in again.`, disabled ? 'User disabled' : 'User enabled');
          setDisabling(null);
        },
        onError: (error) => notifyError(error, 'Could not change the user'),
      },
    );

  return (
    <Stack gap="md" data-testid="admin-users">
      <TextInput
        placeholder="Search by name or email"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        aria-label="Search users"
        maw={420}
      />
      {users.isPending ? (
        <Card p={0}>
          <TableSkeleton label="Loading users" />
        </Card>
      ) : users.isError ? (
        <QueryError title="Cannot load users" error={users.error} onRetry={() => void users.refetch()} retrying={users.isFetching} />
      ) : users.data.pages[0]?.items.length === 0 ? (
        <Card>
          <EmptyState icon={<IconUsers size={28} aria-hidden />} withIndicatorBackground title="No users found" description={debounced ? `Nobody matches “${debounced}”.` : undefined} />
        </Card>
      ) : (
        <>
          <Card p={0}>
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>User</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Created</Table.Th>
                    <Table.Th aria-label="Actions" />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {users.data.pages
                    .flatMap((page) => page.items)
                    .map((user) => (
                      <Table.Tr key={user.id} data-testid="admin-user-row" data-email={user.email}>
                        <Table.Td>
                          <Group gap="sm" wrap="nowrap">
                            <Avatar name={user.name || user.email} color="initials" size={32} />
                            <div style={{ minWidth: 0 }}>
                              <Group gap={6} wrap="nowrap">
                                <Text size="sm" fw={600} truncate>
                                  {user.name || '—'}
                                </Text>
                                {user.role === 'admin' && (
                                  <Badge size="xs" color="violet">
                                    Admin
                                  </Badge>
                                )}
                              </Group>
                              <Text size="xs" c="dimmed" truncate>
                                {user.email}
                              </Text>
                            </div>
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {user.banned ? <Badge color="red">Disabled</Badge> : <Badge color="teal">Active</Badge>}
                            {!user.emailVerified && <Badge color="yellow">Unverified</Badge>}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" c="dimmed">
                            {formatDate(user.createdAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right">
                          {user.id !== currentUserId &&
                            (user.banned ? (
                              <Button size="compact-sm" variant="light" onClick={() => toggle(user, false)} loading={setDisabled.isPending && setDisabled.variables.userId === user.id}>
                                Enable
                              </Button>
                            ) : (
                              <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDisabling(user)}>
                                Disable
                              </Button>
                            ))}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
          <LoadMore hasNextPage={users.hasNextPage} isFetchingNextPage={users.isFetchingNextPage} fetchNextPage={users.fetchNextPage} />
        </>
      )}
      <ConfirmModal
        opened={disabling !== null}
        title="Disable user"
        confirmLabel="Disable"
        danger
        loading={setDisabled.isPending}
        onClose={() => setDisabling(null)}
        onConfirm={() => disabling && toggle(disabling, true)}
      >
        <b>{disabling?.email}</b> is signed out everywhere and cannot sign in until enabled again.
      </ConfirmModal>
    </Stack>
  );
}
