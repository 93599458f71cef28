import { Stack } from '@mantine/core';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { PageSkeleton } from '@/components/ui/page-skeleton.tsx';
import { getSessionsQueryOptions } from '@/features/account/api/sessions.ts';
import { PasswordCard } from '@/features/account/components/password-card.tsx';
import { ProfileCard } from '@/features/account/components/profile-card.tsx';
import { SessionsCard } from '@/features/account/components/sessions-card.tsx';
import { TwoFactorCard } from '@/features/account/components/two-factor-card.tsx';
import { useMe } from '@/lib/me.ts';
import { notifySuccess } from '@/lib/notify.ts';

export const Route = createFileRoute('/_app/account')({
  staticData: { crumb: 'Account' },
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(getSessionsQueryOptions());
  },
  component: AccountPage,
});

function AccountPage() {
  const me = useMe().data;
  const navigate = useNavigate();
  if (!me) return <PageSkeleton />;
  return (
    <div data-testid="account-page">
      <PageHeader title="Your account" description="Your profile, password, two-factor authentication and sessions." />
      <Stack gap="lg" maw={760}>
        <ProfileCard key={me.user.name} user={me.user} />
        <PasswordCard />
        <TwoFactorCard enabled={me.user.twoFactorEnabled} />
        <SessionsCard
          onSignedOutEverywhere={() => {
            notifySuccess('Every session, this one included, was signed out.', 'Signed out everywhere');
            void navigate({ to: '/sign-in', replace: true });
          }}
        />
      </Stack>
    </div>
  );
}
