import { ActionIcon, Badge, Button, Card, Group, Menu, Paper, SegmentedControl, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { Fragment, useMemo, useState } from 'react';
import type { Grants, Permission, Role, Scope } from '@grip/contracts/access';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useDeleteRole, usePermissionCatalog, useRoles, useSaveRolePermissions } from '../api/roles.ts';
import { EditRoleModal } from './role-modals.tsx';
import classes from './roles-matrix.module.css';

type Cell = Scope | 'none';
const cellOptions = [
  { value: 'none', label: 'None' },
  { value: 'own', label: 'Own' },
  { value: 'all', label: 'All' },
];

/** `members:invite` → `members`: rows are grouped by resource. */
const resourceOf = (key: string) => key.split(':')[0] ?? key;
const resourceLabels: Record<string, string> = {
  workspace: 'Workspace',
  members: 'Members',
  roles: 'Roles',
  audit: 'Audit log',
  flags: 'Feature flags',
};

const sameGrants = (a: Grants, b: Grants) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<Permission>;
  return [...keys].every((k) => a[k] === b[k]);
};

/**
 * Rows are permissions, columns are roles, each cell none / own / all. Edits collect in a draft and are saved
 * together; the owner role (and everything, for users who may not manage roles) is read-only.
 */
export function RolesMatrix({ slug, canManage }: { slug: string; canManage: boolean }) {
  const roles = useRoles(slug);
  const catalog = usePermissionCatalog();
  const [draft, setDraft] = useState<Record<string, Grants>>({});
  const save = useSaveRolePermissions(slug);
  const [editing, setEditing] = useState<Role | null>(null);
  const [deleting, setDeleting] = useState<Role | null>(null);
  const remove = useDeleteRole(slug);

  const columns = roles.data ?? [];
  const groups = useMemo(() => {
    const byResource = new Map<string, { key: string; label: string }[]>();
    for (const permission of catalog.data ?? []) {
      const resource = resourceOf(permission.key);
      byResource.set(resource, [...(byResource.get(resource) ?? []), permission]);
    }
    return [...byResource.entries()];
  }, [catalog.data]);

  if (roles.isPending || catalog.isPending) return <Card p={0}><TableSkeleton rows={8} label="Loading roles" /></Card>;
  if (roles.isError || catalog.isError) {
    const error = roles.error ?? catalog.error;
    return (
      <QueryError
        title="Cannot load roles and permissions"
        error={error ?? new Error('Unknown error')}
        onRetry={() => void Promise.all([roles.refetch(), catalog.refetch()])}
        retrying={roles.isFetching || catalog.isFetching}
      />
    );
  }

  const grantsOf = (role: Role) => draft[role.id] ?? role.permissions;
  const dirty = columns.filter((role) => draft[role.id] && !sameGrants(draft[role.id] ?? {}, role.permissions));
  const editable = (role: Role) => canManage && role.key !== 'owner';

  const setCell = (role: Role, permission: Permission, value: Cell) => {
    const next: Grants = { ...grantsOf(role) };
    if (value === 'none') delete next[permission];
    else next[permission] = value;
    setDraft((current) => ({ ...current, [role.id]: next }));
  };

  const saveAll = () =>
    save.mutate(
      dirty.map((role) => ({ roleId: role.id, permissions: draft[role.id] ?? {} })),
      {
        onSuccess: () => {
          notifySuccess(`${dirty.map((r) => r.name).join(', ')} updated.`, 'Permissions saved');
          setDraft({});
        },
        onError: (error) => notifyError(error, 'Could not save every change'),
      },
    );

  return (
    <Stack gap="md">
      <Card p={0} data-testid="roles-matrix" data-editable={canManage || undefined}>
        <Table.ScrollContainer minWidth={180 + columns.reduce((width, role) => width + (editable(role) ? 140 : 90), 0)}>
          <Table className={classes.table} verticalSpacing="xs" horizontalSpacing="md" withColumnBorders>
            <Table.Thead>
              <Table.Tr>
                <Table.Th miw={{ base: 140, sm: 220 }}>Permission</Table.Th>
                {columns.map((role) => (
                  <Table.Th key={role.id} ta="center" data-testid={`role-column-${role.key}`}>
                    <Group gap={4} justify="center" wrap="nowrap">
                      <Stack gap={0} align="center">
                        <Text size="sm" fw={600}>
                          {role.name}
                        </Text>
                        <Text size="xs" c="dimmed" fw={400} style={{ whiteSpace: 'nowrap' }}>
                          {role.memberCount} member{role.memberCount === 1 ? '' : 's'}
                          {!role.builtin && ' · custom'}
                        </Text>
                      </Stack>
                      {canManage && !role.builtin && (
                        <Menu position="bottom-end">
                          <Menu.Target>
                            <ActionIcon size="sm" aria-label={`Actions for ${role.name}`}>
                              <IconDots size={14} aria-hidden />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(role)}>
                              Rename
                            </Menu.Item>
                            <Menu.Item
                              color="red"
                              leftSection={<IconTrash size={14} aria-hidden />}
                              disabled={role.memberCount > 0}
                              onClick={() => setDeleting(role)}
                            >
                              {role.memberCount > 0 ? 'Delete (in use)' : 'Delete'}
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Group>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map(([resource, permissions]) => (
                <Fragment key={resource}>
                  <Table.Tr className={classes.group}>
                    <Table.Td colSpan={columns.length + 1}>
                      <Text size="xs" fw={700} tt="uppercase" c="dimmed" lts={0.4}>
                        {resourceLabels[resource] ?? resource}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                  {permissions.map((permission) => (
                    <Table.Tr key={permission.key} data-testid={`permission-row-${permission.key}`}>
                      <Table.Td>
                        <Text size="sm" lh={1.3}>
                          {permission.label}
                        </Text>
                        <Text size="xs" c="dimmed" ff="monospace" visibleFrom="sm">
                          {permission.key}
                        </Text>
                      </Table.Td>
                      {columns.map((role) => {
                        const key = permission.key as Permission;
                        const value: Cell = grantsOf(role)[key] ?? 'none';
                        const changed = value !== (role.permissions[key] ?? 'none');
                        return (
                          <Table.Td key={role.id} ta="center" className={changed ? classes.changed : undefined}>
                            {editable(role) ? (
                              <SegmentedControl
                                size="xs"
                                data={cellOptions}
                                value={value}
                                color={value === 'all' ? 'grip' : value === 'own' ? 'cyan' : undefined}
                                onChange={(next) => setCell(role, key, next as Cell)}
                                aria-label={`${permission.label} for ${role.name}`}
                                data-testid={`cell-${role.key}-${permission.key}`}
                              />
                            ) : (
                              <ScopeBadge value={value} testId={`cell-${role.key}-${permission.key}`} />
                            )}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      {dirty.length > 0 && (
        <Paper shadow="md" p="sm" className={classes.saveBar} data-testid="roles-save-bar">
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              Unsaved changes to <b>{dirty.map((r) => r.name).join(', ')}</b>
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={() => setDraft({})} disabled={save.isPending}>
                Discard
              </Button>
              <Button onClick={saveAll} loading={save.isPending} data-testid="roles-save">
                Save changes
              </Button>
            </Group>
          </Group>
        </Paper>
      )}

      {editing && <EditRoleModal slug={slug} role={editing} onClose={() => setEditing(null)} />}
      <ConfirmModal
        opened={deleting !== null}
        title="Delete role"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(`${deleting.name} was deleted.`, 'Role deleted');
              setDeleting(null);
            },
            onError: (error) => notifyError(error, 'Could not delete the role'),
          })
        }
      >
        Delete the role <b>{deleting?.name}</b>? This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}

function ScopeBadge({ value, testId }: { value: Cell; testId: string }) {
  if (value === 'none') {
    return (
      <Text size="sm" c="dimmed" data-testid={testId} data-value="none" aria-label="Not granted">
        —
      </Text>
    );
  }
  return (
    <Tooltip label={value === 'all' ? 'All records' : 'Only their own records'}>
      <Badge color={value === 'all' ? 'grip' : 'cyan'} data-testid={testId} data-value={value}>
        {value === 'all' ? 'All' : 'Own'}
      </Badge>
    </Tooltip>
  );
}
