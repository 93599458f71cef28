import { Modal, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { CustomField, Customer } from '@grip/contracts/customers';
import { FormError } from '@/components/ui/form-error.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { useMe } from '@/lib/me.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { emailTakenBy, useCreateCustomer } from '../../api/customer.ts';
import { useCustomFields } from '../../api/fields.ts';
import { CustomerFormActions, CustomerFormFields, useCustomerForm } from './customer-form.tsx';
import { toCreateBody, toFormValues } from './customer-form-values.ts';
import { CustomerFormSkeleton } from './customer-form-skeleton.tsx';
import { DuplicatesAlert } from './duplicates-alert.tsx';

export interface CreateCustomerModalProps {
  workspace: string;
  opened: boolean;
  onClose: () => void;
  onCreated?: (customer: Customer) => void;
}

/** A new customer: every field, the workspace's custom fields, and a warning about likely duplicates. */
export function CreateCustomerModal({ workspace, opened, onClose, onCreated }: CreateCustomerModalProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title="New customer" size="lg" fullScreen={phone} data-testid="create-customer-modal">
      {opened && <CreateCustomerBody workspace={workspace} onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function CreateCustomerBody({ workspace, onClose, onCreated }: Omit<CreateCustomerModalProps, 'opened'>) {
  const fields = useCustomFields(workspace);
  if (fields.isPending) return <CustomerFormSkeleton />;
  if (fields.isError) {
    return <QueryError title="Custom fields could not be loaded" error={fields.error} onRetry={() => void fields.refetch()} retrying={fields.isFetching} />;
  }
  return <CreateCustomerForm workspace={workspace} fields={fields.data} onClose={onClose} onCreated={onCreated} />;
}

function CreateCustomerForm({ workspace, fields, onClose, onCreated }: Omit<CreateCustomerModalProps, 'opened'> & { fields: CustomField[] }) {
  // The creator owns a new customer unless they pick someone else (or nobody).
  const me = useMe().data;
  const form = useCustomerForm(fields, { ...toFormValues(null, fields), ownerId: me?.user.id ?? '' });
  const create = useCreateCustomer(workspace);
  const [error, setError] = useState<string | null>(null);
  const [emailTakenId, setEmailTakenId] = useState<string | null>(null);
  const { values } = form;

  const submit = form.onSubmit((data) => {
    setError(null);
    setEmailTakenId(null);
    const body = toCreateBody(data, fields);
    // Empty custom fields are left out rather than stored as null: nothing to keep, and nothing to mask in a merge.
    body.custom = Object.fromEntries(Object.entries(body.custom).filter(([, value]) => value !== null));
    create.mutate(body, {
      onSuccess: (customer) => {
        notifySuccess(`${customer.name} was added.`, 'Customer created');
        onCreated?.(customer);
        onClose();
      },
      onError: (err) => {
        setError(form.applyServerError(err));
        setEmailTakenId(emailTakenBy(err));
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate data-testid="customer-form">
      <Stack gap="md">
        <FormError>{error}</FormError>
        <DuplicatesAlert
          workspace={workspace}
          probe={{ name: values.name, email: values.email, phone: values.phone, country: values['address.country'] }}
        />
        <CustomerFormFields workspace={workspace} form={form} fields={fields} emailTakenId={emailTakenId} />
      </Stack>
      <CustomerFormActions onCancel={onClose} submitLabel="Create customer" pending={create.isPending} />
    </form>
  );
}
