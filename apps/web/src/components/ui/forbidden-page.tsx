import { IconArrowLeft } from '@tabler/icons-react';
import { RouterButton } from './link.tsx';
import { StatusMessage } from './status-message.tsx';

/** What a route renders when the signed-in user lacks the permission it needs. */
export function ForbiddenPage({ message }: { message?: string }) {
  return (
    <StatusMessage
      code="403"
      title="You don't have access to this page"
      data-testid="forbidden-page"
      actions={
        <RouterButton to="/" mt="sm" leftSection={<IconArrowLeft size={16} aria-hidden />}>
          Back to home
        </RouterButton>
      }
    >
      {message ?? 'Your role does not include the permission this page needs. Ask a workspace admin if you need it.'}
    </StatusMessage>
  );
}
