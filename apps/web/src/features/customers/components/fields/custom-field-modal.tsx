import { Button, Checkbox, Group, Modal, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { z } from 'zod';
import { CUSTOM_FIELD_TYPES, customFieldKeySchema, type CustomField, type CustomFieldType } from '@grip/contracts/customers';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useCreateCustomField, useUpdateCustomField } from '../../api/fields.ts';

export const FIELD_TYPE_LABELS: Record<CustomFieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  select: 'Select (one option)',
  multiselect: 'Multi-select (several options)',
  checkbox: 'Checkbox (yes / no)',
};
const TYPE_OPTIONS = CUSTOM_FIELD_TYPES.map((value) => ({ value, label: FIELD_TYPE_LABELS[value] }));
const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multiselect';

/** "Policy tier" → `policy_tier`: a key that passes the contract's rule, which the user may still change. */
export function keyFromLabel(label: string): string {
  const key = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return /^[a-z]/.test(key) ? key : key ? `f_${key}`.slice(0, 40) : '';
}

const detailsSchema = z.object({
  label: z.string().trim().min(1, 'Is required').max(80, 'Must be at most 80 characters'),
  options: z.array(z.string().trim().min(1).max(80, 'Options must be at most 80 characters')).max(100, 'At most 100 options'),
  required: z.boolean(),
  type: z.enum(CUSTOM_FIELD_TYPES),
});
const createSchema = detailsSchema
  .extend({ key: customFieldKeySchema })
  .refine((v) => !hasOptions(v.type) || v.options.length > 0, { path: ['options'], message: 'Add at least one option' });
const editSchema = detailsSchema.refine((v) => !hasOptions(v.type) || v.options.length > 0, { path: ['options'], message: 'Add at least one option' });

interface CustomFieldModalProps {
  workspace: string;
  /** The field to edit; none to add one. */
  field: CustomField | null;
  opened: boolean;
  onClose: () => void;
}

export function CustomFieldModal({ workspace, field, opened, onClose }: CustomFieldModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={field ? `Edit “${field.label}”` : 'Add a custom field'} data-testid="custom-field-modal">
      {opened && (field ? <EditFieldForm workspace={workspace} field={field} onClose={onClose} /> : <CreateFieldForm workspace={workspace} onClose={onClose} />)}
    </Modal>
  );
}

function OptionsInput({ value, onChange, error }: { value: string[]; onChange: (options: string[]) => void; error?: string }) {
  return (
    <TagsInput
      label="Options"
      description="Type an option and press Enter"
      required
      value={value}
      onChange={onChange}
      error={error}
      clearable
      data-testid="custom-field-options"
    />
  );
}

function Actions({ onClose, pending, label }: { onClose: () => void; pending: boolean; label: string }) {
  return (
    <Group justify="flex-end" gap="xs">
      <Button variant="default" onClick={onClose}>
        Cancel
      </Button>
      <Button type="submit" loading={pending} data-testid="custom-field-submit">
        {label}
      </Button>
    </Group>
  );
}

function CreateFieldForm({ workspace, onClose }: { workspace: string; onClose: () => void }) {
  const form = useZodForm(createSchema, { label: '', key: '', type: 'text', options: [], required: false });
  const [keyEdited, setKeyEdited] = useState(false);
  const create = useCreateCustomField(workspace);
  const [error, setError] = useState<string | null>(null);
  const key = form.textProps('key');

  const submit = form.onSubmit((data) => {
    setError(null);
    create.mutate(
      { ...data, options: hasOptions(data.type) ? data.options : [] },
      {
        onSuccess: (created) => {
          notifySuccess(`Customers now have “${created.label}”.`, 'Field added');
          onClose();
        },
        onError: (err) => setError(form.applyServerError(err)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError>{error}</FormError>
        <TextInput
          label="Label"
          placeholder="Policy tier"
          required
          data-autofocus
          data-testid="custom-field-label"
          {...form.textProps('label')}
          onChange={(event) => {
            const label = event.currentTarget.value;
            form.setValue('label', label);
            if (!keyEdited) form.setValue('key', keyFromLabel(label));
          }}
        />
        <TextInput
          label="Key"
          description="Used in the API, imports and filters; cannot be changed later."
          required
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="custom-field-key"
          {...key}
          onChange={(event) => {
            setKeyEdited(true);
            key.onChange(event);
          }}
        />
        <Select
          label="Type"
          data={TYPE_OPTIONS}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          data-testid="custom-field-type"
          {...form.selectProps('type')}
          onChange={(value) => form.setValue('type', (value ?? 'text') as CustomFieldType)}
        />
        {hasOptions(form.values.type) && (
          <OptionsInput value={form.values.options} onChange={(options) => form.setValue('options', options)} error={form.errors.options} />
        )}
        <Checkbox label="Required: every customer must have a value" data-testid="custom-field-required" {...form.checkedProps('required')} />
        <Actions onClose={onClose} pending={create.isPending} label="Add field" />
      </Stack>
    </form>
  );
}

function EditFieldForm({ workspace, field, onClose }: { workspace: string; field: CustomField; onClose: () => void }) {
  const form = useZodForm(editSchema, { label: field.label, options: field.options, required: field.required, type: field.type });
  const update = useUpdateCustomField(workspace);
  const [error, setError] = useState<string | null>(null);

  const submit = form.onSubmit(({ label, options, required }) => {
    setError(null);
    update.mutate(
      { fieldId: field.id, label, required, ...(hasOptions(field.type) ? { options } : {}) },
      {
        onSuccess: () => {
          notifySuccess('The field was saved.');
          onClose();
        },
        onError: (err) => setError(form.applyServerError(err)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError>{error}</FormError>
        <Text size="sm" c="dimmed">
          Key <Text span ff="monospace">{field.key}</Text> · {FIELD_TYPE_LABELS[field.type]}
        </Text>
        <TextInput label="Label" required data-autofocus data-testid="custom-field-label" {...form.textProps('label')} />
        {hasOptions(field.type) && (
          <OptionsInput value={form.values.options} onChange={(options) => form.setValue('options', options)} error={form.errors.options} />
        )}
        <Checkbox label="Required: every customer must have a value" data-testid="custom-field-required" {...form.checkedProps('required')} />
        <Actions onClose={onClose} pending={update.isPending} label="Save" />
      </Stack>
    </form>
  );
}
