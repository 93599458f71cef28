import { Avatar, Badge, Button, EmptyState, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { DataTable, type DataTableColumn } from '@/components/data-table/data-table.tsx';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { formatDate } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useAdminUsers, useSetUserDisabled, type AdminUser } from '../api/admin.ts';

interface ColumnOptions {
  currentUserId: string;
  /** The user whose enabling is under way, if any. */
  enablingId: string | undefined;
  onEnable: (user: AdminUser) => void;
  onDisable: (user: AdminUser) => void;
}

function userColumns({ currentUserId, enablingId, onEnable, onDisable }: ColumnOptions): DataTableColumn<AdminUser>[] {
  return [
    {
      id: 'name',
      header: 'User',
      hideable: false,
      card: 'title',
      cell: (user) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar name={user.name || user.email} color="initials" size={28} />
          <Text size="sm" fw={600} truncate>
            {user.name || '—'}
          </Text>
          {user.role === 'admin' && (
            <Badge size="xs" color="violet" style={{ flexShrink: 0 }}>
              Admin
            </Badge>
          )}
        </Group>
      ),
    },
    {
      id: 'email',
      header: 'Email',
      card: 'subtitle',
      cell: (user) => (
        <Text size="sm" c="dimmed" truncate>
          {user.email}
        </Text>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      width: 200,
      cell: (user) => (
        <Group gap={4} wrap="nowrap">
          {user.banned ? <Badge color="red">Disabled</Badge> : <Badge color="teal">Active</Badge>}
          {!user.emailVerified && <Badge color="yellow">Unverified</Badge>}
        </Group>
      ),
    },
    { id: 'createdAt', header: 'Created', width: 140, cell: (user) => formatDate(user.createdAt) },
    {
      id: 'actions',
      header: 'Actions',
      width: 110,
      hideable: false,
      card: 'actions',
      cell: (user) =>
        user.id === currentUserId ? null : user.banned ? (
          <Button size="compact-sm" variant="light" onClick={() => onEnable(user)} loading={enablingId === user.id}>
            Enable
          </Button>
        ) : (
          <Button size="compact-sm" variant="subtle" color="red" onClick={() => onDisable(user)}>
            Disable
          </Button>
        ),
    },
  ];
}

const DEFAULT_COLUMNS = ['name', 'email', 'status', 'createdAt'];

/** Every account of the installation: find one, disable or enable it. */
export function AdminUsers({ currentUserId }: { currentUserId: string }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const users = useAdminUsers(debounced);
  const [visibleColumns, setVisibleColumns] = useState(DEFAULT_COLUMNS);
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
  const columns = userColumns({
    currentUserId,
    enablingId: setDisabled.isPending && !setDisabled.variables.disabled ? setDisabled.variables.userId : undefined,
    onEnable: (user) => toggle(user, false),
    onDisable: setDisabling,
  });

  return (
    <Stack gap="md" data-testid="admin-users">
      <DataTable
        aria-label="Users"
        columns={columns}
        rows={users.data?.pages.flatMap((page) => page.items) ?? []}
        getRowId={(user) => user.id}
        visibleColumns={visibleColumns}
        onVisibleColumnsChange={setVisibleColumns}
        hasNextPage={users.hasNextPage}
        isFetchingNextPage={users.isFetchingNextPage}
        fetchNextPage={() => void users.fetchNextPage()}
        isLoading={users.isPending}
        error={users.error}
        onRetry={() => void users.refetch()}
        autoHeight
        toolbar={
          <TextInput
            placeholder="Search by name or email"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => setSearch(event.currentTarget.value)}
            aria-label="Search users"
            w={420}
            maw="100%"
          />
        }
        empty={
          <EmptyState icon={<IconUsers size={28} aria-hidden />} withIndicatorBackground title="No users found" description={debounced ? `Nobody matches “${debounced}”.` : undefined} />
        }
      />
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
