import { createFileRoute } from '@tanstack/react-router';
import { z } from 'zod';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { MailOutbox } from '@/features/admin/components/mail-outbox.tsx';

export const Route = createFileRoute('/_app/admin/mail')({
  staticData: { crumb: 'Mail outbox' },
  validateSearch: z.object({ to: z.string().optional().catch(undefined) }),
  component: MailPage,
});

function MailPage() {
  const { to } = Route.useSearch();
  return (
    <>
      <PageHeader
        title="Mail outbox"
        description="SMTP is not configured, so emails are kept here instead of being sent. Links open the real pages."
      />
      <MailOutbox initialTo={to} />
    </>
  );
}
