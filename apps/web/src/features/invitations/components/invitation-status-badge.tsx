import { Badge } from '@mantine/core';
import type { Invitation } from '@grip/contracts/access';

const colors: Record<Invitation['status'], string> = { pending: 'blue', accepted: 'teal', revoked: 'gray', expired: 'orange' };
const labels: Record<Invitation['status'], string> = { pending: 'Pending', accepted: 'Accepted', revoked: 'Revoked', expired: 'Expired' };

export function InvitationStatusBadge({ status }: { status: Invitation['status'] }) {
  return <Badge color={colors[status]}>{labels[status]}</Badge>;
}
