import { ActionIcon, Avatar, Badge, EmptyState, Group, Select, Text, Tooltip } from '@mantine/core';
import { IconShieldCheck, IconTrash, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import type { Member } from '@grip/contracts/access';
import { DataTable, type DataTableColumn } from '@/components/data-table/data-table.tsx';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { formatDate } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useMembers, useRemoveMember, useUpdateMemberRole } from '../api/members.ts';

export interface RoleOption {
  id: string;
  name: string;
}

interface MembersTableProps {
  slug: string;
  /** The workspace's roles, for the role select; empty while they load. */
  roles: RoleOption[];
  canUpdate: boolean;
  canRemove: boolean;
  currentUserId: string;
}

const displayName = (member: Member) => member.name || member.email;

interface ColumnOptions extends Omit<MembersTableProps, 'canRemove'> {
  onRemove?: (member: Member) => void;
}

function memberColumns({ slug, roles, canUpdate, currentUserId, onRemove }: ColumnOptions): DataTableColumn<Member>[] {
  const columns: DataTableColumn<Member>[] = [
    {
      id: 'name',
      header: 'Member',
      hideable: false,
      card: 'title',
      cell: (member) => <MemberName member={member} isYou={member.userId === currentUserId} />,
    },
    {
      id: 'email',
      header: 'Email',
      card: 'subtitle',
      cell: (member) => (
        <Text size="sm" c="dimmed" truncate>
          {member.email}
        </Text>
      ),
    },
    {
      id: 'role',
      header: 'Role',
      width: 200,
      cell: (member) =>
        canUpdate ? (
          <MemberRoleSelect slug={slug} member={member} roles={roles} />
        ) : (
          <Badge variant="light">{member.role.name}</Badge>
        ),
    },
    { id: 'joined', header: 'Joined', width: 140, cell: (member) => formatDate(member.createdAt) },
  ];
  if (onRemove) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      width: 90,
      hideable: false,
      card: 'actions',
      cell: (member) => (
        <Tooltip label={member.userId === currentUserId ? 'Remove yourself' : 'Remove from workspace'}>
          <ActionIcon color="red" onClick={() => onRemove(member)} aria-label={`Remove ${displayName(member)}`} data-testid="member-remove">
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        </Tooltip>
      ),
    });
  }
  return columns;
}

const DEFAULT_COLUMNS = ['name', 'email', 'role', 'joined'];

/** The people of a workspace: their role (changed in place by those who may) and removal. */
export function MembersTable({ slug, roles, canUpdate, canRemove, currentUserId }: MembersTableProps) {
  const members = useMembers(slug);
  const [visibleColumns, setVisibleColumns] = useState(DEFAULT_COLUMNS);
  const [removing, setRemoving] = useState<Member | null>(null);
  const remove = useRemoveMember(slug);
  const columns = memberColumns({ slug, roles, canUpdate, currentUserId, onRemove: canRemove ? setRemoving : undefined });

  return (
    <div data-testid="members-table">
      <DataTable
        aria-label="Members"
        columns={columns}
        rows={members.data?.pages.flatMap((page) => page.items) ?? []}
        getRowId={(member) => member.id}
        visibleColumns={visibleColumns}
        onVisibleColumnsChange={setVisibleColumns}
        hasNextPage={members.hasNextPage}
        isFetchingNextPage={members.isFetchingNextPage}
        fetchNextPage={() => void members.fetchNextPage()}
        isLoading={members.isPending}
        error={members.error}
        onRetry={() => void members.refetch()}
        autoHeight
        empty={
          <EmptyState icon={<IconUsers size={28} aria-hidden />} withIndicatorBackground title="No members yet" description="Invite people to work in this workspace." />
        }
      />
      <ConfirmModal
        opened={removing !== null}
        title="Remove member"
        confirmLabel="Remove"
        danger
        loading={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          remove.mutate(removing.id, {
            onSuccess: () => {
              notifySuccess(`${displayName(removing)} no longer has access to this workspace.`, 'Member removed');
              setRemoving(null);
            },
            onError: (error) => notifyError(error, 'Could not remove the member'),
          })
        }
      >
        <b>{removing ? displayName(removing) : null}</b> will lose access to this workspace at once. You can invite them again later.
      </ConfirmModal>
    </div>
  );
}

function MemberName({ member, isYou }: { member: Member; isYou: boolean }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar name={displayName(member)} color="initials" size={28} />
      <Text size="sm" fw={600} truncate>
        {displayName(member)}
      </Text>
      {isYou && (
        <Badge size="xs" variant="default" style={{ flexShrink: 0 }}>
          You
        </Badge>
      )}
      {member.twoFactorEnabled && (
        <Tooltip label="Two-factor authentication is on">
          <IconShieldCheck size={16} color="var(--mantine-color-teal-6)" aria-label="Two-factor on" style={{ flexShrink: 0 }} />
        </Tooltip>
      )}
    </Group>
  );
}

/** A component of its own so that each row has its own pending state. */
function MemberRoleSelect({ slug, member, roles }: { slug: string; member: Member; roles: RoleOption[] }) {
  const update = useUpdateMemberRole(slug);
  // The member's current role is always an option, even before the roles list has loaded.
  const options = roles.some((r) => r.id === member.role.id) ? roles : [member.role, ...roles];
  return (
    <Select
      size="xs"
      w={170}
      aria-label={`Role of ${displayName(member)}`}
      data={options.map((r) => ({ value: r.id, label: r.name }))}
      value={member.role.id}
      allowDeselect={false}
      disabled={update.isPending}
      onChange={(roleId) =>
        roleId &&
        roleId !== member.role.id &&
        update.mutate(
          { memberId: member.id, roleId },
          {
            onSuccess: () => notifySuccess(`${displayName(member)} is now ${roles.find((r) => r.id === roleId)?.name ?? 'updated'}.`, 'Role changed'),
            onError: (error) => notifyError(error, 'Could not change the role'),
          },
        )
      }
      data-testid="member-role-select"
    />
  );
}
