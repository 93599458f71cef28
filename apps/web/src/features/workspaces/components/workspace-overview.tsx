import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconFlag, IconHistory, IconSettings, IconShieldLock, IconUsers, type Icon } from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';
import type { Permission } from '@grip/contracts/access';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { hasPermission } from '@/lib/access.ts';
import type { Membership } from '@/lib/me.ts';
import { WorkspaceAvatar } from './workspace-avatar.tsx';

const shortcuts: { label: string; text: string; icon: Icon; to: NonNullable<LinkProps['to']>; permission: Permission }[] = [
  { label: 'Members', text: 'Invite people and set their roles.', icon: IconUsers, to: '/w/$workspace/settings/members', permission: 'members:read' },
  { label: 'Roles', text: 'What each role may see and do.', icon: IconShieldLock, to: '/w/$workspace/settings/roles', permission: 'roles:read' },
  { label: 'Audit log', text: 'Who changed what, and when.', icon: IconHistory, to: '/w/$workspace/settings/audit', permission: 'audit:read' },
  { label: 'Feature flags', text: 'Turn features on or off here.', icon: IconFlag, to: '/w/$workspace/settings/flags', permission: 'flags:read' },
  { label: 'Settings', text: 'Name, address and security.', icon: IconSettings, to: '/w/$workspace/settings', permission: 'workspace:read' },
];

/** The workspace home until the Command Center arrives: who you are here and where to go. */
export function WorkspaceOverview({ membership }: { membership: Membership }) {
  const { workspace, role, permissions } = membership;
  const links = shortcuts.filter((s) => hasPermission(permissions, s.permission));
  return (
    <Stack gap="lg" data-testid="workspace-overview">
      <Card p={{ base: 'lg', sm: 'xl' }}>
        <Group gap="md" wrap="nowrap" align="center">
          <WorkspaceAvatar name={workspace.name} size={52} />
          <Stack gap={4} miw={0}>
            <Title order={1} fz={{ base: 22, sm: 26 }} fw={650} lts={-0.3} c="bright" data-testid="workspace-name">
              {workspace.name}
            </Title>
            <Group gap={8}>
              <Text size="sm" c="dimmed">
                You are
              </Text>
              <Badge data-testid="workspace-role">{role.name}</Badge>
              {workspace.requireTwoFactor && (
                <Badge color="teal" variant="light">
                  2FA required
                </Badge>
              )}
            </Group>
          </Stack>
        </Group>
      </Card>
      {links.length > 0 && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
          {links.map(({ label, text, icon: Icon, to }) => (
            <Card key={label} data-testid={`overview-link-${label.toLowerCase().replace(/\s+/g, '-')}`}>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon variant="light" size={36} radius="md">
                  <Icon size={19} stroke={1.7} aria-hidden />
                </ThemeIcon>
                <Stack gap={2} miw={0}>
                  <RouterAnchor to={to} params={{ workspace: workspace.slug } as never} fw={600} c="bright">
                    <Group gap={4} component="span" wrap="nowrap">
                      {label} <IconArrowRight size={14} aria-hidden />
                    </Group>
                  </RouterAnchor>
                  <Text size="sm" c="dimmed">
                    {text}
                  </Text>
                </Stack>
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
