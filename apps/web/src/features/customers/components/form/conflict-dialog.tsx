import type { CustomField, Customer, UpdateCustomerBody } from '@grip/contracts/customers';
import { VersionConflictDialog } from '@/components/ui/version-conflict-dialog.tsx';
import { useOwnerChoices } from '../../api/customer.ts';
import { customerFacts } from './customer-form-values.ts';

interface ConflictDialogProps {
  workspace: string;
  /** What the edit started from. */
  original: Customer;
  /** What is saved now (someone else's save). */
  current: Customer;
  /** What this user changed. */
  changes: Omit<UpdateCustomerBody, 'version'>;
  fields: CustomField[];
  overwriting: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}

/** A customer's save hit a newer version: their saved customer beside theirs plus my changes. */
export function ConflictDialog({ workspace, original, current, changes, fields, ...actions }: ConflictDialogProps) {
  const owners = useOwnerChoices(workspace);
  const ownerOf = (id: string | null | undefined) => {
    if (!id) return null;
    const member = owners.data?.find((m) => m.userId === id);
    return { id, name: member?.name ?? 'Another member', email: member?.email ?? '' };
  };
  const { ownerId, custom, ...rest } = changes;
  const mine: Customer = {
    ...current,
    ...(rest as Partial<Customer>),
    owner: ownerId === undefined ? current.owner : ownerOf(ownerId),
    custom: { ...current.custom, ...custom },
  };
  const before = new Map(customerFacts(original, fields).map((f) => [f.key, f.value]));
  const mineFacts = new Map(customerFacts(mine, fields).map((f) => [f.key, f.value]));
  const facts = customerFacts(current, fields).map((fact) => ({
    key: fact.key,
    label: fact.label,
    before: before.get(fact.key) ?? '',
    theirs: fact.value,
    mine: mineFacts.get(fact.key) ?? '',
  }));

  return <VersionConflictDialog title="Someone changed this customer while you were editing" fields={facts} {...actions} />;
}
