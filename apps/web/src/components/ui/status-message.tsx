import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './status-message.module.css';

interface StatusMessageProps {
  /** The big figure: an HTTP status, or an icon. */
  code: ReactNode;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  'data-testid'?: string;
}

/** Full-page message used by the 404, 403 and error pages, so they look alike. */
export function StatusMessage({ code, title, children, actions, 'data-testid': testId }: StatusMessageProps) {
  return (
    <Stack align="center" ta="center" gap="md" py={{ base: 48, sm: 96 }} px="md" data-testid={testId}>
      <Text
        component="div"
        fz={{ base: 72, sm: 104 }}
        fw={800}
        lh={1}
        lts={-2}
        className={classes.code}
        aria-hidden
      >
        {code}
      </Text>
      <Title order={1} fz={{ base: 22, sm: 28 }} fw={650} c="bright">
        {title}
      </Title>
      <Text c="dimmed" maw={460}>
        {children}
      </Text>
      {actions}
    </Stack>
  );
}
