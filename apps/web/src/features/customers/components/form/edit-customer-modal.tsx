import { Modal, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import type { CustomField, Customer, UpdateCustomerBody } from '@grip/contracts/customers';
import { FormError } from '@/components/ui/form-error.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { notifySuccess } from '@/lib/notify.ts';
import { conflictingCustomer, emailTakenBy, useUpdateCustomer } from '../../api/customer.ts';
import { useCustomFields } from '../../api/fields.ts';
import { ConflictDialog } from './conflict-dialog.tsx';
import { CustomerFormActions, CustomerFormFields, useCustomerForm } from './customer-form.tsx';
import { toFormValues, toUpdateBody } from './customer-form-values.ts';
import { CustomerFormSkeleton } from './customer-form-skeleton.tsx';
import { DuplicatesAlert } from './duplicates-alert.tsx';

export interface EditCustomerModalProps {
  workspace: string;
  customer: Customer;
  opened: boolean;
  onClose: () => void;
  /** Offered next to each possible duplicate (for those who may merge): merge this customer into that one. */
  onMergeInto?: (target: Customer) => void;
}

/** The customer form for an existing record: sends only the changes, with the version it started from. */
export function EditCustomerModal({ workspace, customer, opened, onClose, onMergeInto }: EditCustomerModalProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${customer.name}`} size="lg" fullScreen={phone} data-testid="edit-customer-modal">
      {opened && <EditCustomerBody workspace={workspace} customer={customer} onClose={onClose} onMergeInto={onMergeInto} />}
    </Modal>
  );
}

type BodyProps = Omit<EditCustomerModalProps, 'opened'>;

function EditCustomerBody(props: BodyProps) {
  const fields = useCustomFields(props.workspace);
  if (fields.isPending) return <CustomerFormSkeleton />;
  if (fields.isError) {
    return <QueryError title="Custom fields could not be loaded" error={fields.error} onRetry={() => void fields.refetch()} retrying={fields.isFetching} />;
  }
  return <EditCustomerForm {...props} fields={fields.data} />;
}

type Changes = Omit<UpdateCustomerBody, 'version'>;

function EditCustomerForm({ workspace, customer, fields, onClose, onMergeInto }: BodyProps & { fields: CustomField[] }) {
  // The record the edit started from: its version is sent, and only differences from it count as changes.
  const [original, setOriginal] = useState(customer);
  const form = useCustomerForm(fields, toFormValues(original, fields));
  const update = useUpdateCustomer(workspace);
  const [error, setError] = useState<string | null>(null);
  const [emailTakenId, setEmailTakenId] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ current: Customer; changes: Changes } | null>(null);
  const { values } = form;

  const save = (changes: Changes, version: number) => {
    setError(null);
    setEmailTakenId(null);
    update.mutate(
      { id: customer.id, version, ...changes },
      {
        onSuccess: (saved) => {
          setConflict(null);
          notifySuccess(`${saved.name} was saved.`, 'Customer updated');
          onClose();
        },
        onError: (err) => {
          const current = conflictingCustomer(err);
          if (current) {
            setConflict({ current, changes });
            return;
          }
          setConflict(null);
          setError(form.applyServerError(err));
          const takenBy = emailTakenBy(err);
          setEmailTakenId(takenBy === customer.id ? null : takenBy);
        },
      },
    );
  };

  const submit = form.onSubmit((data) => {
    const changes = toUpdateBody(data, original, fields);
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    save(changes, original.version);
  });

  const reloadTheirs = (current: Customer) => {
    setOriginal(current);
    form.reset(toFormValues(current, fields));
    setConflict(null);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="customer-form">
      <Stack gap="md">
        <FormError>{error}</FormError>
        <DuplicatesAlert
          workspace={workspace}
          probe={{ name: values.name, email: values.email, phone: values.phone, country: values['address.country'], excludeId: customer.id }}
          onMergeInto={onMergeInto}
        />
        <CustomerFormFields workspace={workspace} form={form} fields={fields} emailTakenId={emailTakenId} />
      </Stack>
      <CustomerFormActions onCancel={onClose} submitLabel="Save changes" pending={update.isPending && !conflict} />
      {conflict && (
        <ConflictDialog
          workspace={workspace}
          original={original}
          current={conflict.current}
          changes={conflict.changes}
          fields={fields}
          overwriting={update.isPending}
          onReload={() => reloadTheirs(conflict.current)}
          onOverwrite={() => save(conflict.changes, conflict.current.version)}
          onClose={() => setConflict(null)}
        />
      )}
    </form>
  );
}
