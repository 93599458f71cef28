import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconPlus, IconSelector } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useCurrentMembership } from '@/lib/current-workspace.ts';
import { useMe } from '@/lib/me.ts';
import { WorkspaceAvatar } from './workspace-avatar.tsx';
import classes from './workspace-switcher.module.css';

/** The current workspace, and a menu of the user's other workspaces plus "Create workspace". */
export function WorkspaceSwitcher({ collapsed = false }: { collapsed?: boolean }) {
  const me = useMe().data;
  const current = useCurrentMembership();
  const memberships = me?.memberships ?? [];

  return (
    <Menu position={collapsed ? 'right-start' : 'bottom-start'} width={260}>
      <Menu.Target>
        <UnstyledButton
          className={classes.target}
          data-collapsed={collapsed || undefined}
          aria-label={current ? `Workspace: ${current.workspace.name}. Switch workspace` : 'Choose a workspace'}
          data-testid="workspace-switcher"
        >
          <Group gap={10} wrap="nowrap" miw={0}>
            {current ? (
              <WorkspaceAvatar name={current.workspace.name} size={30} />
            ) : (
              <Avatar size={30} radius="md" color="gray">
                <IconPlus size={16} aria-hidden />
              </Avatar>
            )}
            {!collapsed && (
              <>
                <div className={classes.text}>
                  <Text size="sm" fw={600} truncate c="bright">
                    {current?.workspace.name ?? 'No workspace'}
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {current ? current.role.name : 'Create one to start'}
                  </Text>
                </div>
                <IconSelector size={16} stroke={1.7} className={classes.chevron} aria-hidden />
              </>
            )}
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown data-testid="workspace-switcher-menu">
        {memberships.length > 0 && <Menu.Label>Your workspaces</Menu.Label>}
        {memberships.map((m) => (
          <Menu.Item
            key={m.workspace.id}
            renderRoot={(props) => <Link to="/w/$workspace" params={{ workspace: m.workspace.slug }} {...props} />}
            leftSection={<WorkspaceAvatar name={m.workspace.name} size={24} />}
            rightSection={m.workspace.id === current?.workspace.id ? <IconCheck size={16} aria-hidden /> : null}
          >
            <Text size="sm" truncate>
              {m.workspace.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {m.role.name}
            </Text>
          </Menu.Item>
        ))}
        {memberships.length > 0 && <Menu.Divider />}
        <Menu.Item
          renderRoot={(props) => <Link to="/workspaces/new" {...props} />}
          leftSection={<IconPlus size={16} aria-hidden />}
          data-testid="create-workspace-link"
        >
          Create workspace
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
