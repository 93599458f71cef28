import { Box, Card, Group, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import classes from './auth-layout.module.css';
import { useCrumbs } from './breadcrumbs.tsx';
import { Logo } from './logo.tsx';
import { ThemeMenu } from './theme-menu.tsx';

/** Pages for signed-out people (sign in, sign up, verification, invitations): one centred card under the logo. */
export function AuthLayout({ children }: { children?: ReactNode }) {
  const title = useCrumbs().at(-1)?.label;
  useDocumentTitle(title ? `${title} · Grip` : 'Grip');
  return (
    <Box className={classes.page} data-testid="auth-layout">
      <Group justify="flex-end" className={classes.top}>
        <ThemeMenu />
      </Group>
      <Stack align="center" gap="lg" className={classes.body}>
        <Logo />
        <Card w="100%" maw={420} p={{ base: 'lg', sm: 'xl' }} radius="lg" shadow="sm" component="main">
          {children ?? <Outlet />}
        </Card>
        <Text size="xs" c="dimmed">
          Grip · customer operations
        </Text>
      </Stack>
    </Box>
  );
}
