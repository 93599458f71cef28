import { Alert, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { CustomerPicker } from '@/components/customer-picker/customer-picker.tsx';
import { z } from 'zod';
import { createPolicyBody, CURRENCIES, POLICY_STATUSES, policyStatusSchema, type Policy, type UpdatePolicyBody } from '@grip/contracts/policies';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { conflictingPolicy, useCreatePolicy, useUpdatePolicy } from '../api/policies.ts';
import { statusLabels } from './policy-display.tsx';

export interface PolicyCustomer {
  id: string;
  name: string;
}

interface PolicyFormModalProps {
  workspace: string;
  opened: boolean;
  onClose: () => void;
  /** The policy to edit; without one, the form creates a policy. */
  policy?: Policy | null;
  /** A new policy's customer when the form is opened from one; otherwise the form offers a customer picker. */
  customer?: PolicyCustomer;
  onSaved?: (policy: Policy) => void;
}

/** Create or edit a policy. Mounted only while open, so every opening starts from the policy as it is. */
export function PolicyFormModal({ workspace, opened, onClose, policy, customer, onSaved }: PolicyFormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={policy ? `Edit policy ${policy.number}` : 'New policy'} size="lg" data-testid="policy-form-modal">
      {opened && <PolicyForm workspace={workspace} policy={policy ?? null} customer={customer} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

// ───────────────────────── the form's values: the contract's rules, on strings as the inputs hold them

/** An optional calendar day: '' (the input's empty value) is sent as null. */
const optionalDay = z.union([z.literal('').transform(() => null), createPolicyBody.shape.startDate]);

const formSchema = z
  .object({
    customerId: z.string().min(1, 'Choose the customer'),
    number: createPolicyBody.shape.number,
    product: createPolicyBody.shape.product,
    carrier: z.string().trim().max(120),
    premium: z
      .union([z.number(), z.string()])
      .refine((value) => value !== '', 'Enter the premium (0 if none)')
      // The contract's coercing schema takes `unknown`; widen so it can check the rest (≥ 0, two decimals).
      .transform((value): unknown => value)
      .pipe(createPolicyBody.shape.premium),
    currency: createPolicyBody.shape.currency,
    startDate: z.string().min(1, 'Choose the start date').pipe(createPolicyBody.shape.startDate),
    endDate: optionalDay,
    renewalDate: optionalDay,
    status: policyStatusSchema,
  })
  // The server's rule too (400 on body.endDate); said here before the round trip.
  .refine((v) => !v.endDate || v.endDate > v.startDate, { path: ['endDate'], message: 'Must be after the start date' });

type FormValues = z.input<typeof formSchema>;
type FormData = z.output<typeof formSchema>;

const DEFAULT_CURRENCY = 'EUR';

const valuesOf = (policy: Policy): FormValues => ({
  customerId: policy.customer.id,
  number: policy.number,
  product: policy.product,
  carrier: policy.carrier,
  premium: policy.premium,
  currency: (CURRENCIES as readonly string[]).includes(policy.currency) ? (policy.currency as FormValues['currency']) : DEFAULT_CURRENCY,
  startDate: policy.startDate,
  endDate: policy.endDate ?? '',
  renewalDate: policy.renewalDate ?? '',
  status: policy.status,
});

const emptyValues = (customerId: string): FormValues => ({
  customerId,
  number: '',
  product: '',
  carrier: '',
  premium: '',
  currency: DEFAULT_CURRENCY,
  startDate: '',
  endDate: '',
  renewalDate: '',
  status: 'active',
});

const fieldLabels = {
  number: 'Number',
  product: 'Product',
  carrier: 'Carrier',
  premium: 'Premium',
  currency: 'Currency',
  startDate: 'Start date',
  endDate: 'End date',
  renewalDate: 'Renewal date',
  status: 'Status',
} as const;
type EditableField = keyof typeof fieldLabels;
const editableFields = Object.keys(fieldLabels) as EditableField[];

/** The stored value of a field, comparable with what the form produces. */
function storedValue(policy: Policy, field: EditableField): string | number | null {
  return field === 'premium' ? Number(policy.premium) : policy[field];
}

/** Only what the user changed, so saving never rewrites fields someone else may have changed meanwhile. */
function changesFrom(base: Policy, data: FormData): Omit<UpdatePolicyBody, 'version'> {
  const changes: Record<string, unknown> = {};
  for (const field of editableFields) if (data[field] !== storedValue(base, field)) changes[field] = data[field];
  return changes;
}

interface PolicyFormProps {
  workspace: string;
  policy: Policy | null;
  customer: PolicyCustomer | undefined;
  onClose: () => void;
  onSaved: ((policy: Policy) => void) | undefined;
}

function PolicyForm({ workspace, policy, customer, onClose, onSaved }: PolicyFormProps) {
  // The version being edited: the policy as opened, or as reloaded after a conflict.
  const [base, setBase] = useState<Policy | null>(policy);
  const form = useZodForm(formSchema, base ? valuesOf(base) : emptyValues(customer?.id ?? ''));
  const create = useCreatePolicy(workspace);
  const update = useUpdatePolicy(workspace);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ current: Policy; changes: Omit<UpdatePolicyBody, 'version'> } | null>(null);

  const saved = (result: Policy, message: string) => {
    notifySuccess(message);
    onSaved?.(result);
    onClose();
  };
  const failed = (err: unknown) => setError(form.applyServerError(err, { number_taken: 'number' }));

  const sendUpdate = (target: Policy, changes: Omit<UpdatePolicyBody, 'version'>) => {
    setError(null);
    setConflict(null);
    update.mutate(
      { id: target.id, version: target.version, ...changes },
      {
        onSuccess: (result) => saved(result, `Policy ${result.number} saved.`),
        onError: (err) => {
          const current = conflictingPolicy(err);
          if (current) setConflict({ current, changes });
          else failed(err);
        },
      },
    );
  };

  const submit = form.onSubmit((data) => {
    setError(null);
    if (base) {
      const changes = changesFrom(base, data);
      if (Object.keys(changes).length === 0) return onClose();
      return sendUpdate(base, changes);
    }
    create.mutate(data, { onSuccess: (result) => saved(result, `Policy ${result.number} added.`), onError: failed });
  });

  const reloadTheirs = (current: Policy) => {
    setBase(current);
    form.reset(valuesOf(current));
    setConflict(null);
  };

  const dateProps = (name: 'startDate' | 'endDate' | 'renewalDate') => ({
    name,
    value: form.values[name] || null,
    onChange: (value: string | null) => form.setValue(name, value ?? ''),
    error: form.errors[name],
    valueFormat: 'D MMM YYYY',
    placeholder: 'Pick a date',
    popoverProps: { withinPortal: true },
  });

  return (
    <form onSubmit={submit} noValidate data-testid="policy-form">
      <Stack gap="md">
        <FormError>{error}</FormError>
        {conflict && base && (
          <ConflictAlert
            base={base}
            current={conflict.current}
            onReload={() => reloadTheirs(conflict.current)}
            onOverwrite={() => sendUpdate(conflict.current, conflict.changes)}
            overwriting={update.isPending}
          />
        )}
        {policy ? (
          <Text size="sm" c="dimmed">
            Customer: <b>{policy.customer.name}</b>
          </Text>
        ) : customer ? (
          <Text size="sm" c="dimmed">
            Customer: <b>{customer.name}</b>
          </Text>
        ) : (
          <CustomerPicker
            workspace={workspace}
            value={form.values.customerId}
            onChange={(id) => form.setValue('customerId', id)}
            error={form.errors.customerId}
            data-testid="policy-customer"
          />
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md" verticalSpacing="md">
          <TextInput label="Policy number" placeholder="POL-2025-0001" required data-autofocus {...form.textProps('number')} data-testid="policy-number" />
          <Select
            label="Status"
            data={POLICY_STATUSES.map((s) => ({ value: s, label: statusLabels[s] }))}
            allowDeselect={false}
            required
            {...form.selectProps('status')}
            data-testid="policy-status-select"
          />
          <TextInput label="Product" placeholder="Home insurance" required {...form.textProps('product')} data-testid="policy-product" />
          <TextInput label="Carrier" placeholder="Insurer name" {...form.textProps('carrier')} data-testid="policy-carrier" />
          <NumberInput
            label="Premium"
            required
            min={0}
            allowNegative={false}
            decimalScale={2}
            fixedDecimalScale
            thousandSeparator=","
            hideControls
            name="premium"
            value={form.values.premium as number | string}
            onChange={(value) => form.setValue('premium', value)}
            error={form.errors.premium}
            data-testid="policy-premium"
          />
          <Select
            label="Currency"
            data={CURRENCIES}
            searchable
            allowDeselect={false}
            required
            {...form.selectProps('currency')}
            data-testid="policy-currency"
          />
          <DateInput label="Start date" required {...dateProps('startDate')} data-testid="policy-start" />
          <DateInput label="End date" clearable {...dateProps('endDate')} data-testid="policy-end" />
          <DateInput
            label="Renewal date"
            description="Shown as due soon 30 days ahead."
            clearable
            {...dateProps('renewalDate')}
            data-testid="policy-renewal"
          />
        </SimpleGrid>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending} disabled={conflict !== null} data-testid="policy-submit">
            {base ? 'Save' : 'Add policy'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface ConflictAlertProps {
  base: Policy;
  current: Policy;
  onReload: () => void;
  onOverwrite: () => void;
  overwriting: boolean;
}

/** Someone saved the policy after it was opened: take their version, or save these changes over it. */
function ConflictAlert({ base, current, onReload, onOverwrite, overwriting }: ConflictAlertProps) {
  const changed = editableFields.filter((field) => storedValue(base, field) !== storedValue(current, field)).map((f) => fieldLabels[f]);
  return (
    <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="Someone else changed this policy" data-testid="policy-conflict">
      <Stack gap="sm">
        <Text size="sm">
          It was saved by someone else while you were editing
          {changed.length > 0 ? ` (${changed.join(', ').toLowerCase()} changed)` : ''}. Reload their version and lose your edits, or save
          yours over theirs.
        </Text>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onReload} data-testid="policy-conflict-reload">
            Reload theirs
          </Button>
          <Button size="xs" color="yellow" onClick={onOverwrite} loading={overwriting} data-testid="policy-conflict-overwrite">
            Overwrite with mine
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

