import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { AcceptInvitation } from '@/features/invitations/components/accept-invitation.tsx';

export const Route = createFileRoute('/_auth/invite/$token')({
  staticData: { crumb: 'Invitation' },
  component: InvitePage,
});

function InvitePage() {
  const { token } = Route.useParams();
  const navigate = useNavigate();
  return (
    <AcceptInvitation
      token={token}
      onAccepted={(workspace) => void navigate({ to: '/w/$workspace', params: { workspace }, replace: true })}
    />
  );
}
