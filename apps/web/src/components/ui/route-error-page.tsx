import { Button, Card, Code, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconHome, IconRefresh } from '@tabler/icons-react';
import { useQueryErrorResetBoundary } from '@tanstack/react-query';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useEffect } from 'react';
import { isApiError } from '@/lib/api.ts';
import { RouterButton } from './link.tsx';

/** The routes' error boundary: says what failed and offers a retry, without losing the shell. */
export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  const queryErrorResetBoundary = useQueryErrorResetBoundary();

  // Queries that threw into this boundary must be allowed to fetch again.
  useEffect(() => {
    queryErrorResetBoundary.reset();
  }, [queryErrorResetBoundary]);

  const message = error instanceof Error ? error.message : 'An unexpected error occurred.';
  const code = isApiError(error) ? `${error.status || 'offline'} · ${error.code}` : undefined;

  const tryAgain = () => {
    reset();
    void router.invalidate();
  };

  return (
    <Stack align="center" py={{ base: 32, sm: 80 }} data-testid="route-error">
      <Card maw={520} w="100%" p="xl" role="alert">
        <Stack gap="md">
          <ThemeIcon size={44} radius="md" color="red" variant="light">
            <IconAlertTriangle size={24} aria-hidden />
          </ThemeIcon>
          <Title order={2} fz="xl" fw={650} c="bright">
            Something went wrong
          </Title>
          <Text c="dimmed">{message}</Text>
          {code && (
            <Code fz="xs" w="fit-content">
              {code}
            </Code>
          )}
          <Group gap="sm" mt="xs">
            <Button onClick={tryAgain} leftSection={<IconRefresh size={16} aria-hidden />}>
              Try again
            </Button>
            <RouterButton to="/" variant="default" leftSection={<IconHome size={16} aria-hidden />}>
              Go home
            </RouterButton>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}
