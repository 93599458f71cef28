import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconLogout, IconShieldCog, IconUserCircle } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useMe } from '@/lib/me.ts';
import { notifyError } from '@/lib/notify.ts';
import { useSignOut } from '@/lib/session.ts';
import classes from './user-menu.module.css';

/** The signed-in user's menu in the top bar: who, account settings, admin console, sign out. */
export function UserMenu() {
  const me = useMe().data;
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!me) return null;

  const leave = () =>
    signOut.mutate(undefined, {
      onSuccess: () => void navigate({ to: '/sign-in' }),
      onError: (error) => notifyError(error, 'Could not sign out'),
    });

  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${me.user.name}`} data-testid="user-menu" className={classes.target}>
          <Group gap={8} wrap="nowrap">
            <Avatar name={me.user.name || me.user.email} color="initials" size={32} />
            <Text size="sm" fw={500} visibleFrom="md" maw={160} truncate>
              {me.user.name}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="bright" truncate data-testid="user-menu-name">
            {me.user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {me.user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item leftSection={<IconUserCircle size={16} aria-hidden />} renderRoot={(props) => <Link to="/account" {...props} />}>
          Account
        </Menu.Item>
        {me.platformRole === 'admin' && (
          <Menu.Item leftSection={<IconShieldCog size={16} aria-hidden />} renderRoot={(props) => <Link to="/admin" {...props} />}>
            Admin console
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={leave}
          closeMenuOnClick={false}
          disabled={signOut.isPending}
          data-testid="sign-out"
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
