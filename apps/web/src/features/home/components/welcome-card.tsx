import { Card, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconHeadset, IconReceipt, IconUsers, IconWorld, type Icon } from '@tabler/icons-react';

const pillars: { icon: Icon; title: string; text: string }[] = [
  { icon: IconUsers, title: 'Customers', text: 'People and companies, their policies, notes and full timeline.' },
  { icon: IconHeadset, title: 'Tickets', text: 'A board and a list, SLAs, assignees and threaded replies.' },
  { icon: IconReceipt, title: 'Sales', text: 'Configurations, quotes and orders that follow one customer.' },
  { icon: IconWorld, title: 'Customer portal', text: 'Customers open tickets, accept quotes and verify identity.' },
];

/** What Grip is, in a few lines, for the home page. */
export function WelcomeCard() {
  return (
    <Card p={{ base: 'lg', sm: 'xl' }} data-testid="welcome-card">
      <Stack gap={6} mb="xl">
        <Title order={2} fz={{ base: 22, sm: 26 }} fw={650} lts={-0.3} c="bright">
          Welcome to Grip
        </Title>
        <Text c="dimmed" maw={620}>
          Grip runs customer operations for your business in one self-hosted place: customers and their policies,
          tickets, quotes and orders — and a portal where your customers help themselves.
        </Text>
      </Stack>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="lg" verticalSpacing="lg">
        {pillars.map(({ icon: Icon, title, text }) => (
          <div key={title} style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
            <ThemeIcon variant="light" size={34} radius="md">
              <Icon size={18} stroke={1.7} aria-hidden />
            </ThemeIcon>
            <div>
              <Text fw={600} size="sm">
                {title}
              </Text>
              <Text size="sm" c="dimmed">
                {text}
              </Text>
            </div>
          </div>
        ))}
      </SimpleGrid>
    </Card>
  );
}
