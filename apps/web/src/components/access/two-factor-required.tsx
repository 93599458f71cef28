import { IconArrowRight, IconShieldLock } from '@tabler/icons-react';
import { RouterButton } from '@/components/ui/link.tsx';
import { StatusMessage } from '@/components/ui/status-message.tsx';

/** Shown instead of a workspace that requires two-factor authentication to a member who has not turned it on. */
export function TwoFactorRequired({ workspaceName }: { workspaceName: string }) {
  return (
    <StatusMessage
      code={<IconShieldLock size={88} stroke={1.4} />}
      title="Turn on two-factor authentication"
      data-testid="two-factor-required"
      actions={
        <RouterButton to="/account" hash="two-factor" mt="sm" rightSection={<IconArrowRight size={16} aria-hidden />}>
          Set it up in your account
        </RouterButton>
      }
    >
      {workspaceName} requires two-factor authentication. Add Grip to an authenticator app, then come back.
    </StatusMessage>
  );
}
