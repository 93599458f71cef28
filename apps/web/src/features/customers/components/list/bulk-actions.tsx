import { Button, Menu, TagsInput } from '@mantine/core';
import { IconTag, IconTagOff, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { CUSTOMER_STATUSES, type BulkAction, type BulkBody } from '@grip/contracts/customers';
import { BulkBar, BulkMenu, BulkPopover, MemberPicker, type MemberOption } from '@/components/bulk/bulk-bar.tsx';
import { BulkJobs, useBulkChange } from '@/components/bulk/bulk-jobs.tsx';
import type { SelectedRows } from '@/components/bulk/use-bulk-selection.ts';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { customersBulk } from '../../api/bulk.ts';
import { STATUS_LABELS } from '../form/customer-form-values.ts';

interface BulkActionsProps extends SelectedRows<BulkBody['selection']> {
  slug: string;
  canUpdate: boolean;
  canDelete: boolean;
  /** Members who can own customers (user ids). */
  owners: MemberOption[];
}

function describe(action: BulkAction): string {
  switch (action.type) {
    case 'status':
      return `Changing the status to ${STATUS_LABELS[action.status]}`;
    case 'owner':
      return action.ownerId ? 'Changing the owner' : 'Removing the owner';
    case 'addTags':
      return `Adding ${action.tags.join(', ')}`;
    case 'removeTags':
      return `Removing ${action.tags.join(', ')}`;
    case 'delete':
      return 'Moving to the trash';
  }
}

/** The bar that floats over the list while rows are selected: change status or owner, add or remove tags, delete. */
export function BulkActions({ slug, selection, selectionLabel, onClear, canUpdate, canDelete, owners, overLimit }: BulkActionsProps) {
  const change = useBulkChange(customersBulk(slug));
  const [confirmDelete, setConfirmDelete] = useState(false);
  const disabled = overLimit !== undefined;

  const run = (action: BulkAction) => {
    if (!selection || disabled) return;
    change.run({ selection, action }, () => {
      setConfirmDelete(false);
      onClear();
    });
  };

  return (
    <>
      <BulkBar opened={selection !== null} selectionLabel={selectionLabel} onClear={onClear} overLimit={overLimit} testIdPrefix="customers">
        {canUpdate && (
          <>
            <BulkMenu label="Status" loading={change.isPending} disabled={disabled} data-testid="bulk-status">
              <Menu.Label>Change status to</Menu.Label>
              {CUSTOMER_STATUSES.map((status) => (
                <Menu.Item key={status} onClick={() => run({ type: 'status', status })} data-testid={`bulk-status-${status}`}>
                  {STATUS_LABELS[status]}
                </Menu.Item>
              ))}
            </BulkMenu>
            <MemberPicker
              label="Owner"
              selectLabel="New owner"
              noneLabel="No owner"
              applyLabel={() => 'Change owner'}
              members={owners}
              disabled={disabled}
              onPick={(ownerId) => run({ type: 'owner', ownerId })}
              data-testid="bulk-owner"
            />
            <TagsPicker label="Add tags" disabled={disabled} icon={<IconTag size={14} aria-hidden />} testId="bulk-add-tags" onApply={(tags) => run({ type: 'addTags', tags })} />
            <TagsPicker label="Remove tags" disabled={disabled} icon={<IconTagOff size={14} aria-hidden />} testId="bulk-remove-tags" onApply={(tags) => run({ type: 'removeTags', tags })} />
          </>
        )}
        {canDelete && (
          <Button size="xs" color="red" variant="light" leftSection={<IconTrash size={14} aria-hidden />} disabled={disabled} onClick={() => setConfirmDelete(true)} data-testid="bulk-delete">
            Delete
          </Button>
        )}
      </BulkBar>
      <ConfirmModal
        opened={confirmDelete}
        title="Move to trash"
        confirmLabel="Move to trash"
        danger
        loading={change.isPending}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() => run({ type: 'delete' })}
      >
        Move <b>{selectionLabel}</b> to the trash? They can be restored from the trash for 30 days.
      </ConfirmModal>
      <BulkJobs change={change} describe={describe} noun="customers" />
    </>
  );
}

function TagsPicker({ label, icon, testId, disabled, onApply }: { label: string; icon: ReactNode; testId: string; disabled: boolean; onApply: (tags: string[]) => void }) {
  const [tags, setTags] = useState<string[]>([]);
  return (
    <BulkPopover label={label} icon={icon} width={280} disabled={disabled} data-testid={testId}>
      {(close) => (
        <>
          <TagsInput
            label={label}
            placeholder="Type a tag, then Enter"
            value={tags}
            onChange={setTags}
            comboboxProps={{ withinPortal: false }}
            data-testid={`${testId}-input`}
          />
          <Button
            size="xs"
            disabled={tags.length === 0}
            onClick={() => {
              close();
              setTags([]);
              onApply(tags);
            }}
            data-testid={`${testId}-apply`}
          >
            {label}
          </Button>
        </>
      )}
    </BulkPopover>
  );
}
