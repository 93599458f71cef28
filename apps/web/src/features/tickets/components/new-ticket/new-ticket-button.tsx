import { Button, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { NewTicketModal } from './new-ticket-modal.tsx';

interface NewTicketButtonProps {
  /** Opened from a customer: the ticket is theirs, and the customer cannot be changed. */
  customerId?: string;
  size?: ButtonProps['size'];
}

/** "New ticket" and its form; renders nothing for a role that may not open tickets. */
export function NewTicketButton({ customerId, size = 'sm' }: NewTicketButtonProps) {
  const workspace = useParams({ strict: false }).workspace ?? '';
  const canCreate = useHasPermission('tickets:create', undefined, workspace);
  const [opened, { open, close }] = useDisclosure(false);
  if (!canCreate) return null;
  return (
    <>
      <Button size={size} leftSection={<IconPlus size={16} aria-hidden />} onClick={open} data-testid="new-ticket-button">
        New ticket
      </Button>
      <NewTicketModal workspace={workspace} customerId={customerId} opened={opened} onClose={close} />
    </>
  );
}
