import { Button, Collapse, Group, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { CustomField } from '@grip/contracts/customers';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { useZodForm } from '@/lib/form.ts';
import { useOwnerChoices } from '../../api/customer.ts';
import { CustomFieldInput } from './custom-field-input.tsx';
import { customerFormSchema, customKey, STATUS_OPTIONS, type CustomerFormValues } from './customer-form-values.ts';

export function useCustomerForm(fields: CustomField[], initialValues: CustomerFormValues) {
  const schema = useMemo(() => customerFormSchema(fields), [fields]);
  return useZodForm(schema, initialValues);
}

export type CustomerForm = ReturnType<typeof useCustomerForm>;

const ADDRESS_INPUTS = [
  { key: 'address.line1', label: 'Address line 1', span: 2 },
  { key: 'address.line2', label: 'Address line 2', span: 2 },
  { key: 'address.city', label: 'City', span: 1 },
  { key: 'address.region', label: 'Region / state', span: 1 },
  { key: 'address.postalCode', label: 'Postal code', span: 1 },
] as const;

interface CustomerFormFieldsProps {
  workspace: string;
  form: CustomerForm;
  fields: CustomField[];
  /** The id of the customer that already has the typed email (after a 409 `email_taken`): linked under the email input. */
  emailTakenId?: string | null;
}

/** Every input of a customer, shared by the create and edit forms. */
export function CustomerFormFields({ workspace, form, fields, emailTakenId }: CustomerFormFieldsProps) {
  const { values, errors } = form;
  const owners = useOwnerChoices(workspace);
  const hasAddress = ADDRESS_INPUTS.some(({ key }) => values[key] !== '') || values['address.country'] !== '';
  const addressError = Object.keys(errors).some((key) => key.startsWith('address.') && errors[key as keyof typeof errors]);
  const [addressOpen, address] = useDisclosure(hasAddress);

  const emailError =
    errors.email && emailTakenId ? (
      <>
        {errors.email}{' '}
        <RouterAnchor
          to="/w/$workspace/customers/$customerId"
          params={{ workspace, customerId: emailTakenId }}
          size="xs"
          c="red"
          td="underline"
          data-testid="email-taken-link"
        >
          Open that customer
        </RouterAnchor>
      </>
    ) : (
      errors.email
    );

  return (
    <Stack gap="md">
      <SegmentedControl
        value={values.kind}
        onChange={(value) => form.setValue('kind', value as CustomerFormValues['kind'])}
        data={[
          { value: 'person', label: 'Person' },
          { value: 'company', label: 'Company' },
        ]}
        aria-label="Kind"
        data-testid="customer-kind"
        fullWidth
      />
      <TextInput
        label="Name"
        placeholder={values.kind === 'company' ? 'Acme Insurance Ltd' : 'Jane Doe'}
        required
        data-autofocus
        data-testid="customer-name"
        {...form.textProps('name')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput label="Email" type="email" autoComplete="off" data-testid="customer-email" {...form.textProps('email')} error={emailError} />
        <TextInput
          label="Phone"
          description="Any format; saved as +country number"
          type="tel"
          autoComplete="off"
          data-testid="customer-phone"
          {...form.textProps('phone')}
        />
        {values.kind === 'person' && <TextInput label="Company" data-testid="customer-company" {...form.textProps('company')} />}
        <Select label="Status" data={STATUS_OPTIONS} allowDeselect={false} data-testid="customer-status" {...form.selectProps('status')} />
        <Select
          label="Owner"
          placeholder={owners.isPending ? 'Loading members…' : 'Nobody'}
          data={(owners.data ?? []).map((m) => ({ value: m.userId, label: m.name || m.email }))}
          searchable
          clearable
          nothingFoundMessage="No member matches"
          disabled={owners.isError}
          description={owners.isError ? 'Members could not be loaded' : undefined}
          data-testid="customer-owner"
          {...form.selectProps('ownerId')}
        />
      </SimpleGrid>
      <TagsInput
        label="Tags"
        placeholder="Type a tag and press Enter"
        value={values.tags}
        onChange={(tags) => form.setValue('tags', tags)}
        error={errors.tags}
        clearable
        data-testid="customer-tags"
      />

      <div>
        <Button
          variant="subtle"
          size="compact-sm"
          px={4}
          leftSection={addressOpen || addressError ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          onClick={address.toggle}
          aria-expanded={addressOpen || addressError}
          data-testid="customer-address-toggle"
        >
          Address
        </Button>
        {!addressOpen && hasAddress && (
          <Text size="xs" c="dimmed" ml="xs" span>
            filled in
          </Text>
        )}
        <Collapse expanded={addressOpen || addressError}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="xs">
            {ADDRESS_INPUTS.map(({ key, label, span }) => (
              <TextInput key={key} label={label} style={span === 2 ? { gridColumn: '1 / -1' } : undefined} {...form.textProps(key)} />
            ))}
            <TextInput
              label="Country"
              description="Two-letter code, e.g. DE"
              maxLength={2}
              data-testid="customer-country"
              {...form.textProps('address.country')}
              onChange={(event) => form.setValue('address.country', event.currentTarget.value.toUpperCase())}
            />
          </SimpleGrid>
        </Collapse>
      </div>

      {fields.length > 0 && (
        <Stack gap="sm">
          <Text size="sm" fw={600} c="dimmed">
            Custom fields
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            {fields.map((field) => (
              <CustomFieldInput
                key={field.id}
                field={field}
                value={values[customKey(field)]}
                onChange={(value) => form.setValue(customKey(field), value)}
                error={errors[customKey(field)]}
              />
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}

/** Cancel and submit at the bottom of a customer form. */
export function CustomerFormActions({ onCancel, submitLabel, pending }: { onCancel: () => void; submitLabel: string; pending: boolean }) {
  return (
    <Group justify="flex-end" gap="xs" mt="lg">
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" loading={pending} data-testid="customer-form-submit">
        {submitLabel}
      </Button>
    </Group>
  );
}
