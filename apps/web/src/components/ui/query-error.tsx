import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';

interface QueryErrorProps {
  title: string;
  error: Error;
  onRetry?: () => void;
  retrying?: boolean;
}

/** What a section shows when its data could not be loaded: the reason and a retry. */
export function QueryError({ title, error, onRetry, retrying }: QueryErrorProps) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} title={title} data-testid="query-error">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{error.message}</Text>
        {onRetry && (
          <Button
            size="xs"
            color="red"
            variant="light"
            onClick={onRetry}
            loading={retrying}
            leftSection={<IconRefresh size={14} aria-hidden />}
          >
            Retry
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
