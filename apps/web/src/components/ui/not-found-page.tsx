import { IconArrowLeft } from '@tabler/icons-react';
import { RouterButton } from './link.tsx';
import { StatusMessage } from './status-message.tsx';

export function NotFoundPage() {
  return (
    <StatusMessage
      code="404"
      title="Page not found"
      data-testid="not-found-page"
      actions={
        <RouterButton to="/" mt="sm" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          Back to home
        </RouterButton>
      }
    >
      The page you are looking for does not exist or has been moved. Check the address, or start again from home.
    </StatusMessage>
  );
}
