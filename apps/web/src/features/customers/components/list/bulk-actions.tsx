import { ActionBar, Alert, Anchor, Button, Group, Menu, Modal, Popover, Progress, Select, Stack, TagsInput, Text } from '@mantine/core';
import { IconChevronDown, IconDownload, IconTag, IconTagOff, IconTrash, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CUSTOMER_STATUSES, type BulkAction, type BulkBody, type BulkJob } from '@grip/contracts/customers';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { notifyError } from '@/lib/notify.ts';
import { customersQueryKey } from '../../api/customer.ts';
import { bulkErrorsUrl, isBulkJobActive, useBulkJob, useStartBulk } from '../../api/bulk.ts';
import { STATUS_LABELS } from '../form/customer-form-values.ts';
import type { OwnerOption } from './customer-filters.tsx';

interface BulkActionsProps {
  slug: string;
  /** What is selected, as the API takes it; null hides the bar. */
  selection: BulkBody['selection'] | null;
  /** "3 customers", "all 12,345 matching customers". */
  selectionLabel: string;
  onClear: () => void;
  canUpdate: boolean;
  canDelete: boolean;
  /** Members who can own customers (user ids). */
  owners: OwnerOption[];
}

/** The bar that floats over the list while rows are selected: change status or owner, add or remove tags, delete. */
export function BulkActions({ slug, selection, selectionLabel, onClear, canUpdate, canDelete, owners }: BulkActionsProps) {
  const start = useStartBulk(slug);
  const [job, setJob] = useState<BulkJob | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const run = (action: BulkAction) => {
    if (!selection) return;
    start.mutate(
      { selection, action },
      {
        onSuccess: (started) => {
          setJob(started);
          setConfirmDelete(false);
          onClear();
        },
        onError: (error) => notifyError(error, 'Could not start the change'),
      },
    );
  };

  return (
    <>
      <ActionBar opened={selection !== null} onClose={onClear} closeOnEscape aria-label="Bulk actions" data-testid="customers-bulk-bar" maw="calc(100vw - 24px)">
        <Group gap="xs" wrap="wrap" justify="center" px={4}>
          <Text size="sm" fw={600} px={4} data-testid="customers-bulk-count">
            {selectionLabel}
          </Text>
          <ActionBar.Divider />
          {canUpdate && (
            <>
              <Menu position="top">
                <Menu.Target>
                  <Button size="xs" variant="default" rightSection={<IconChevronDown size={12} aria-hidden />} loading={start.isPending} data-testid="bulk-status">
                    Status
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>Change status to</Menu.Label>
                  {CUSTOMER_STATUSES.map((status) => (
                    <Menu.Item key={status} onClick={() => run({ type: 'status', status })} data-testid={`bulk-status-${status}`}>
                      {STATUS_LABELS[status]}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
              <OwnerPicker owners={owners} onPick={(ownerId) => run({ type: 'owner', ownerId })} />
              <TagsPicker label="Add tags" icon={<IconTag size={14} aria-hidden />} testId="bulk-add-tags" onApply={(tags) => run({ type: 'addTags', tags })} />
              <TagsPicker label="Remove tags" icon={<IconTagOff size={14} aria-hidden />} testId="bulk-remove-tags" onApply={(tags) => run({ type: 'removeTags', tags })} />
            </>
          )}
          {canDelete && (
            <Button size="xs" color="red" variant="light" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setConfirmDelete(true)} data-testid="bulk-delete">
              Delete
            </Button>
          )}
          <ActionBar.CloseButton aria-label="Clear selection" />
        </Group>
      </ActionBar>
      <ConfirmModal
        opened={confirmDelete}
        title="Move to trash"
        confirmLabel="Move to trash"
        danger
        loading={start.isPending}
        onClose={() => setConfirmDelete(false)}
        onConfirm={() => run({ type: 'delete' })}
      >
        Move <b>{selectionLabel}</b> to the trash? They can be restored from the trash for 30 days.
      </ConfirmModal>
      {job && <BulkJobModal slug={slug} started={job} onClose={() => setJob(null)} />}
    </>
  );
}

function OwnerPicker({ owners, onPick }: { owners: OwnerOption[]; onPick: (ownerId: string | null) => void }) {
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  return (
    <Popover opened={opened} onChange={setOpened} position="top" trapFocus shadow="md" width={260}>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={<IconUserCircle size={14} aria-hidden />} onClick={() => setOpened((o) => !o)} data-testid="bulk-owner">
          Owner
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Select
            label="New owner"
            placeholder="Pick a member"
            data={[{ value: 'none', label: 'No owner' }, ...owners]}
            value={value}
            onChange={setValue}
            searchable
            comboboxProps={{ withinPortal: false }}
            data-testid="bulk-owner-select"
          />
          <Button
            size="xs"
            disabled={value === null}
            onClick={() => {
              setOpened(false);
              onPick(value === 'none' ? null : value);
            }}
            data-testid="bulk-owner-apply"
          >
            Change owner
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function TagsPicker({ label, icon, testId, onApply }: { label: string; icon: React.ReactNode; testId: string; onApply: (tags: string[]) => void }) {
  const [opened, setOpened] = useState(false);
  const [tags, setTags] = useState<string[]>([]);
  return (
    <Popover opened={opened} onChange={setOpened} position="top" trapFocus shadow="md" width={280}>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={icon} onClick={() => setOpened((o) => !o)} data-testid={testId}>
          {label}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
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
              setOpened(false);
              setTags([]);
              onApply(tags);
            }}
            data-testid={`${testId}-apply`}
          >
            {label}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
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

/** A bulk job's progress (polled while it runs), then what came of it, with the failures to download. */
function BulkJobModal({ slug, started, onClose }: { slug: string; started: BulkJob; onClose: () => void }) {
  const queryClient = useQueryClient();
  const query = useBulkJob(slug, started);
  const job = query.data ?? started;
  const active = isBulkJobActive(job);
  // A job over a filter learns its total only once it starts: until then the bar just moves.
  const counting = active && job.total === 0;
  const percent = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 100;
  const succeeded = Math.max(0, job.processed - job.failed);

  const close = () => {
    // Closed while still running: the list catches up with what is done so far.
    if (active) void queryClient.invalidateQueries({ queryKey: customersQueryKey(slug) });
    onClose();
  };

  return (
    <Modal opened onClose={close} title={active ? 'Working…' : job.status === 'failed' ? 'Bulk change failed' : 'Bulk change done'} data-testid="bulk-job-modal">
      <Stack gap="md">
        <Text size="sm">{describe(job.action)}</Text>
        <Progress
          value={percent}
          animated={active}
          striped={active}
          color={job.status === 'failed' ? 'red' : job.failed > 0 && !active ? 'orange' : undefined}
          size="lg"
          aria-label="Progress"
          data-testid="bulk-job-progress"
        />
        <Text size="sm" c="dimmed" role="status" data-testid="bulk-job-status">
          {counting
            ? 'Finding the customers…'
            : active
            ? `${job.processed.toLocaleString()} of ${job.total.toLocaleString()} processed`
            : `${succeeded.toLocaleString()} of ${job.total.toLocaleString()} customers changed${job.failed > 0 ? `, ${job.failed.toLocaleString()} failed` : ''}.`}
        </Text>
        {query.isError && <Alert color="red">Cannot read the job's progress: {query.error.message}</Alert>}
        {job.status === 'failed' && (
          <Alert color="red" variant="light">
            The job stopped before it finished. Rows already processed keep their changes.
          </Alert>
        )}
        {!active && job.failed > 0 && (
          <Anchor href={bulkErrorsUrl(slug, job.id)} download size="sm" data-testid="bulk-job-errors">
            <Group gap={4} component="span">
              <IconDownload size={14} aria-hidden />
              Download the {job.failed.toLocaleString()} failures (CSV)
            </Group>
          </Anchor>
        )}
        <Group justify="flex-end">
          <Button variant={active ? 'default' : 'filled'} onClick={close} data-testid="bulk-job-close">
            {active ? 'Run in background' : 'Close'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
