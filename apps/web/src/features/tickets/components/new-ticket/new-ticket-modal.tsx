import { Button, Group, Loader, Modal, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { useMediaQuery } from '@mantine/hooks';
import { useNavigate } from '@tanstack/react-router';
import dayjs from 'dayjs';
import { CustomerPicker } from '@/components/customer-picker/customer-picker.tsx';
import { useState } from 'react';
import { z } from 'zod';
import { createTicketBody, prioritySchema } from '@grip/contracts/tickets';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { useZodForm } from '@/lib/form.ts';
import { useMe } from '@/lib/me.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useAssigneeChoices, useCreateTicket, useCustomerRef } from '../../api/ticket.ts';
import { useDraft } from '../../api/use-draft.ts';
import { PRIORITIES_BY_URGENCY, PRIORITY_LABELS } from '@/components/tickets/ticket-badges.tsx';
import { DraftStatusText } from '../detail/draft-status.tsx';

interface NewTicketModalProps {
  workspace: string;
  /** Preset and locked customer. */
  customerId?: string;
  opened: boolean;
  onClose: () => void;
}

/** The new-ticket form. Mounted only while open, so each opening starts afresh (but the description draft comes back). */
export function NewTicketModal({ workspace, customerId, opened, onClose }: NewTicketModalProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title="New ticket" size="lg" fullScreen={phone} data-testid="new-ticket-modal">
      {opened && <NewTicketForm workspace={workspace} customerId={customerId} onClose={onClose} />}
    </Modal>
  );
}

// The contract's rules on the strings the inputs hold; the description lives in its auto-saved draft.
const formSchema = z.object({
  customerId: z.string().min(1, 'Choose the customer'),
  title: createTicketBody.shape.title,
  priority: prioritySchema,
  assigneeId: z.string(),
  /** The picker's local 'YYYY-MM-DD HH:mm:ss', or '' for the SLA target. */
  dueAt: z.string(),
});

function NewTicketForm({ workspace, customerId, onClose }: Omit<NewTicketModalProps, 'opened'>) {
  const form = useZodForm(formSchema, { customerId: customerId ?? '', title: '', priority: 'normal', assigneeId: '', dueAt: '' });
  const description = useDraft(workspace, 'ticket-new');
  const create = useCreateTicket(workspace);
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [descriptionError, setDescriptionError] = useState<string | null>(null);

  const submit = form.onSubmit((data) => {
    setError(null);
    setDescriptionError(null);
    create.mutate(
      {
        customerId: data.customerId,
        title: data.title,
        priority: data.priority,
        description: description.value,
        assigneeId: data.assigneeId || undefined,
        dueAt: data.dueAt ? dayjs(data.dueAt).toISOString() : undefined,
      },
      {
        onSuccess: (ticket) => {
          void description.clear();
          notifySuccess(`#${ticket.number} ${ticket.title}`, 'Ticket created');
          onClose();
          void navigate({ to: '/w/$workspace/tickets/$ticketId', params: { workspace, ticketId: ticket.id } });
        },
        onError: (err) => {
          const fields = isApiError(err) ? (err.fields ?? []) : [];
          const onDescription = fields.find((f) => f.field === 'body.description');
          setDescriptionError(onDescription ? onDescription.message.replace(/^\w/, (c) => c.toUpperCase()) : null);
          const message = form.applyServerError(err);
          // The form does not hold the description (its draft does): an error only about it is shown on it alone.
          const elsewhere = fields.some((f) => f.field !== 'body.description' && !(f.field.replace(/^body\./, '') in form.values));
          setError(onDescription && !elsewhere ? null : message);
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate data-testid="new-ticket-form">
      <Stack gap="md">
        <FormError>{error}</FormError>
        {customerId ? (
          <LockedCustomer workspace={workspace} customerId={customerId} />
        ) : (
          <CustomerPicker
            workspace={workspace}
            value={form.values.customerId}
            onChange={(id) => form.setValue('customerId', id)}
            error={form.errors.customerId}
            data-testid="new-ticket-customer"
          />
        )}
        <TextInput label="Title" placeholder="What is it about, in a few words" required data-autofocus maxLength={200} {...form.textProps('title')} data-testid="new-ticket-title" />
        <Stack gap={4}>
          <Textarea
            label="Description"
            placeholder="Details, steps, what the customer asked for…"
            autosize
            minRows={4}
            maxRows={12}
            maxLength={50_000}
            value={description.value}
            onChange={(event) => {
              description.setValue(event.currentTarget.value);
              setDescriptionError(null);
            }}
            onBlur={() => void description.flush()}
            error={descriptionError}
            data-testid="new-ticket-description"
          />
          <DraftStatusText status={description.status} savedAt={description.savedAt} error={description.error} data-testid="new-ticket-draft-status" />
        </Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" verticalSpacing="md">
          <Select
            label="Priority"
            data={PRIORITIES_BY_URGENCY.map((p) => ({ value: p, label: PRIORITY_LABELS[p] }))}
            allowDeselect={false}
            required
            comboboxProps={{ withinPortal: true }}
            {...form.selectProps('priority')}
            data-testid="new-ticket-priority"
          />
          <AssigneePicker workspace={workspace} {...form.selectProps('assigneeId')} />
          <DateTimePicker
            label="Due"
            placeholder="From SLA when empty"
            description="Leave empty to use the SLA target for the priority."
            clearable
            valueFormat="D MMM YYYY HH:mm"
            minDate={dayjs().format('YYYY-MM-DD')}
            value={form.values.dueAt || null}
            onChange={(value) => form.setValue('dueAt', value ?? '')}
            error={form.errors.dueAt}
            popoverProps={{ withinPortal: true }}
            data-testid="new-ticket-due"
          />
        </SimpleGrid>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending} data-testid="new-ticket-submit">
            Create ticket
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LockedCustomer({ workspace, customerId }: { workspace: string; customerId: string }) {
  const customer = useCustomerRef(workspace, customerId);
  return (
    <TextInput
      label="Customer"
      value={customer.data?.name ?? (customer.isError ? 'This customer' : 'Loading…')}
      readOnly
      disabled
      rightSection={customer.isPending ? <Loader size={14} /> : undefined}
      data-testid="new-ticket-customer-locked"
    />
  );
}


interface AssigneePickerProps {
  workspace: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error: string | undefined;
}

/** Anyone, for those who may assign anyone; only themselves for those who may assign only to themselves. */
function AssigneePicker({ workspace, value, onChange, error }: AssigneePickerProps) {
  const me = useMe().data?.user;
  const assignAll = useHasPermission('tickets:assign', 'all', workspace);
  const assignOwn = useHasPermission('tickets:assign', 'own', workspace);
  const members = useAssigneeChoices(workspace);
  if (!assignOwn) return null;
  const options = assignAll
    ? (members.data ?? []).map((m) => ({ value: m.userId, label: m.userId === me?.id ? `${m.name || m.email} (me)` : m.name || m.email }))
    : me
      ? [{ value: me.id, label: `${me.name || me.email} (me)` }]
      : [];
  return (
    <Select
      label="Assignee"
      placeholder="Unassigned"
      data={options}
      value={value}
      onChange={onChange}
      searchable
      clearable
      nothingFoundMessage={members.isError ? 'Cannot load members' : 'No member matches'}
      comboboxProps={{ withinPortal: true }}
      error={error}
      data-testid="new-ticket-assignee"
    />
  );
}
