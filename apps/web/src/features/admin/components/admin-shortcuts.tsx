import { Card, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconBuildingSkyscraper, IconMail, IconToggleRight, IconUserShield, type Icon } from '@tabler/icons-react';
import type { LinkProps } from '@tanstack/react-router';
import { RouterAnchor } from '@/components/ui/link.tsx';

const shortcuts: { label: string; text: string; icon: Icon; to: NonNullable<LinkProps['to']> }[] = [
  { label: 'Users', text: 'Find accounts; disable or enable them.', icon: IconUserShield, to: '/admin/users' },
  { label: 'Workspaces', text: 'Every business on this installation.', icon: IconBuildingSkyscraper, to: '/admin/workspaces' },
  { label: 'Global flags', text: 'Feature defaults for all workspaces.', icon: IconToggleRight, to: '/admin/flags' },
  { label: 'Mail outbox', text: 'Emails kept while SMTP is not set up.', icon: IconMail, to: '/admin/mail' },
];

/** The admin console's landing cards. */
export function AdminShortcuts() {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" data-testid="admin-shortcuts">
      {shortcuts.map(({ label, text, icon: Icon, to }) => (
        <Card key={label}>
          <Stack gap="sm">
            <ThemeIcon variant="light" size={36} radius="md">
              <Icon size={19} stroke={1.7} aria-hidden />
            </ThemeIcon>
            <div>
              <RouterAnchor to={to} fw={600} c="bright">
                {label}
              </RouterAnchor>
              <Text size="sm" c="dimmed">
                {text}
              </Text>
            </div>
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}
