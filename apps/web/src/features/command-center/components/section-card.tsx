import { Badge, Card, EmptyState, Group, Text, Title, type MantineColor } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './command-center.module.css';

interface SectionCardProps {
  title: string;
  /** A short line under the title (what the numbers cover). */
  description?: string;
  /** The count badge beside the title. */
  count?: string;
  countColor?: string;
  /** On the right of the header: "See all", a total, … */
  aside?: ReactNode;
  children: ReactNode;
  'data-testid'?: string;
}

/** One card of the Command Center: a header (title, count, a link) and what it shows. */
export function SectionCard({ title, description, count, countColor, aside, children, 'data-testid': testId }: SectionCardProps) {
  return (
    <Card className={classes.card} padding="md" data-testid={testId} component="section" aria-label={title}>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap" mb="sm">
        <div style={{ minWidth: 0 }}>
          <Group gap={8} wrap="nowrap" align="flex-start">
            <Title order={2} fz="md" fw={600} c="bright" lineClamp={2}>
              {title}
            </Title>
            {count !== undefined && (
              <Badge size="md" variant="light" color={countColor} style={{ flexShrink: 0 }} data-testid="cc-count">
                {count}
              </Badge>
            )}
          </Group>
          {description && (
            <Text size="xs" c="dimmed" mt={2}>
              {description}
            </Text>
          )}
        </div>
        {aside}
      </Group>
      {children}
    </Card>
  );
}

/** What a section shows when it has nothing: a small icon and one helpful line. */
export function SectionEmpty({ icon, text, color, grow, 'data-testid': testId }: { icon: ReactNode; text: string; color?: MantineColor; grow?: boolean; 'data-testid'?: string }) {
  return <EmptyState size="sm" icon={icon} withIndicatorBackground color={color} description={text} py="lg" style={grow ? { flex: 1 } : undefined} data-testid={testId} />;
}
