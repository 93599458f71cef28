import { Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

interface SectionCardProps {
  title: string;
  description?: ReactNode;
  badge?: ReactNode;
  children: ReactNode;
  /** Anchor for links to this section (`/account#two-factor`). */
  id?: string;
  'data-testid'?: string;
}

/** One block of the account page: a title, a line of explanation, then the form. */
export function SectionCard({ title, description, badge, children, id, 'data-testid': testId }: SectionCardProps) {
  return (
    <Card id={id} data-testid={testId}>
      <Stack gap={4} mb="lg">
        <Group gap="xs">
          <Title order={2} fz="lg" fw={600} c="bright">
            {title}
          </Title>
          {badge}
        </Group>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
      </Stack>
      {children}
    </Card>
  );
}
