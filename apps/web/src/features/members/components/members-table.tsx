import { ActionIcon, Avatar, Badge, Card, EmptyState, Group, Select, Table, Text, Tooltip } from '@mantine/core';
import { IconShieldCheck, IconTrash, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import type { Member } from '@grip/contracts/access';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { LoadMore } from '@/components/ui/load-more.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
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

export function MembersTable({ slug, roles, canUpdate, canRemove, currentUserId }: MembersTableProps) {
  const members = useMembers(slug);
  const [removing, setRemoving] = useState<Member | null>(null);
  const remove = useRemoveMember(slug);

  if (members.isPending) return <Card p={0}><TableSkeleton label="Loading members" /></Card>;
  if (members.isError) {
    return <QueryError title="Cannot load the members" error={members.error} onRetry={() => void members.refetch()} retrying={members.isFetching} />;
  }
  const rows = members.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState icon={<IconUsers size={28} aria-hidden />} withIndicatorBackground title="No members yet" description="Invite people to work in this workspace." />
      </Card>
    );
  }

  return (
    <>
      <Card p={0} data-testid="members-table">
        <Table.ScrollContainer minWidth={340}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Member</Table.Th>
                <Table.Th w={{ base: 136, sm: 200 }}>Role</Table.Th>
                <Table.Th w={140} visibleFrom="sm">
                  Joined
                </Table.Th>
                {canRemove && <Table.Th w={56} aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((member) => (
                <MemberRow
                  key={member.id}
                  slug={slug}
                  member={member}
                  roles={roles}
                  canUpdate={canUpdate}
                  canRemove={canRemove}
                  isYou={member.userId === currentUserId}
                  onRemove={() => setRemoving(member)}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <LoadMore hasNextPage={members.hasNextPage} isFetchingNextPage={members.isFetchingNextPage} fetchNextPage={members.fetchNextPage} />
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
              notifySuccess(`${removing.name || removing.email} no longer has access to this workspace.`, 'Member removed');
              setRemoving(null);
            },
            onError: (error) => notifyError(error, 'Could not remove the member'),
          })
        }
      >
        <b>{removing?.name || removing?.email}</b> will lose access to this workspace at once. You can invite them again later.
      </ConfirmModal>
    </>
  );
}

interface MemberRowProps {
  slug: string;
  member: Member;
  roles: RoleOption[];
  canUpdate: boolean;
  canRemove: boolean;
  isYou: boolean;
  onRemove: () => void;
}

function MemberRow({ slug, member, roles, canUpdate, canRemove, isYou, onRemove }: MemberRowProps) {
  const update = useUpdateMemberRole(slug);
  // The member's current role is always an option, even before the roles list has loaded.
  const options = roles.some((r) => r.id === member.role.id) ? roles : [member.role, ...roles];
  return (
    <Table.Tr data-testid="member-row" data-email={member.email}>
      <Table.Td>
        <Group gap="sm" wrap="nowrap">
          <Avatar name={member.name || member.email} color="initials" size={34} />
          <div style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} truncate>
                {member.name || member.email}
              </Text>
              {isYou && <Badge size="xs" variant="default">You</Badge>}
              {member.twoFactorEnabled && (
                <Tooltip label="Two-factor authentication is on">
                  <IconShieldCheck size={16} color="var(--mantine-color-teal-6)" aria-label="Two-factor on" />
                </Tooltip>
              )}
            </Group>
            <Text size="xs" c="dimmed" truncate>
              {member.email}
            </Text>
          </div>
        </Group>
      </Table.Td>
      <Table.Td>
        {canUpdate ? (
          <Select
            size="xs"
            miw={120}
            aria-label={`Role of ${member.name || member.email}`}
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
                  onSuccess: () => notifySuccess(`${member.name || member.email} is now ${roles.find((r) => r.id === roleId)?.name ?? 'updated'}.`, 'Role changed'),
                  onError: (error) => notifyError(error, 'Could not change the role'),
                },
              )
            }
            data-testid="member-role-select"
          />
        ) : (
          <Badge variant="light">{member.role.name}</Badge>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDate(member.createdAt)}
        </Text>
      </Table.Td>
      {canRemove && (
        <Table.Td>
          <Tooltip label={isYou ? 'Remove yourself' : 'Remove from workspace'}>
            <ActionIcon color="red" onClick={onRemove} aria-label={`Remove ${member.name || member.email}`} data-testid="member-remove">
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
