import { ActionBar, Alert, Anchor, Button, Group, Menu, Modal, Popover, Progress, Select, Stack, TagsInput, Text } from '@mantine/core';
import { IconChevronDown, IconDownload, IconTag, IconTagOff, IconTrash, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CUSTOMER_STATUSES, type BulkAction, type BulkBody, type BulkJob } from '@grip/contracts/customers';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
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
  /** More rows are picked than a change by ids may name: the actions wait for a smaller or an "all matching" selection. */
  overLimit?: { max: number; onSelectAllMatching: () => void };
}

/** The bar that floats over the list while rows are selected: change status or owner, add or remove tags, delete. */
export function BulkActions({ slug, selection, selectionLabel, onClear, canUpdate, canDelete, owners, overLimit }: BulkActionsProps) {
  const start = useStartBulk(slug);
  const [job, setJob] = useState<BulkJob | null>(null);
  // Jobs whose dialog was closed while they ran: still followed, so the list refreshes when each one ends.
  const [background, setBackground] = useState<BulkJob[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const disabled = overLimit !== undefined;

  const run = (action: BulkAction) => {
    if (!selection || disabled) return;
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
          {overLimit && (
            <>
              <Text size="sm" c="orange" px={4} data-testid="customers-bulk-over-limit">
                A change can name at most {overLimit.max.toLocaleString()} rows.
              </Text>
              <Button size="xs" variant="light" onClick={overLimit.onSelectAllMatching} data-testid="bulk-select-all-matching">
                Select all matching instead
              </Button>
            </>
          )}
          {canUpdate && (
            <>
              <Menu position="top">
                <Menu.Target>
                  <Button size="xs" variant="default" rightSection={<IconChevronDown size={12} aria-hidden />} loading={start.isPending} disabled={disabled} data-testid="bulk-status">
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
              <OwnerPicker owners={owners} disabled={disabled} onPick={(ownerId) => run({ type: 'owner', ownerId })} />
              <TagsPicker label="Add tags" disabled={disabled} icon={<IconTag size={14} aria-hidden />} testId="bulk-add-tags" onApply={(tags) => run({ type: 'addTags', tags })} />
              <TagsPicker label="Remove tags" disabled={disabled} icon={<IconTagOff size={14} aria-hidden />} testId="bulk-remove-tags" onApply={(tags) => run({ type: 'removeTags', tags })} />
            </>
          )}
          {canDelete && (
            <Button size="xs" color="red" variant="light" leftSection={<IconTrash size={14} aria-hidden />} disabled={disabled} onClick={() => setConfirmDelete(true)} data-testid="bulk-delete">
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
      {job && (
        <BulkJobModal
          slug={slug}
          started={job}
          onClose={(runningOn) => {
            if (runningOn) setBackground((jobs) => [...jobs, runningOn]);
            setJob(null);
          }}
        />
      )}
      {background.map((running) => (
        <BackgroundJob key={running.id} slug={slug} started={running} onEnd={() => setBackground((jobs) => jobs.filter((j) => j.id !== running.id))} />
      ))}
    </>
  );
}

function OwnerPicker({ owners, disabled, onPick }: { owners: OwnerOption[]; disabled: boolean; onPick: (ownerId: string | null) => void }) {
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  return (
    <Popover opened={opened} onChange={setOpened} position="top" trapFocus shadow="md" width={260}>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={<IconUserCircle size={14} aria-hidden />} disabled={disabled} onClick={() => setOpened((o) => !o)} data-testid="bulk-owner">
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

function TagsPicker({
  label,
  icon,
  testId,
  disabled,
  onApply,
}: {
  label: string;
  icon: React.ReactNode;
  testId: string;
  disabled: boolean;
  onApply: (tags: string[]) => void;
}) {
  const [opened, setOpened] = useState(false);
  const [tags, setTags] = useState<string[]>([]);
  return (
    <Popover opened={opened} onChange={setOpened} position="top" trapFocus shadow="md" width={280}>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={icon} disabled={disabled} onClick={() => setOpened((o) => !o)} data-testid={testId}>
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

/** Follows a job after its dialog was closed; when it ends, the list has refreshed (useBulkJob) and a toast says so. */
function BackgroundJob({ slug, started, onEnd }: { slug: string; started: BulkJob; onEnd: () => void }) {
  const job = useBulkJob(slug, started).data ?? started;
  const ended = !isBulkJobActive(job);
  useEffect(() => {
    if (!ended) return;
    if (job.status === 'failed' || job.failed > 0) {
      notifyError(new Error(`${job.failed.toLocaleString()} of ${job.total.toLocaleString()} customers could not be changed.`), 'Bulk change finished with errors');
    } else {
      notifySuccess(`${job.total.toLocaleString()} customers changed.`, 'Bulk change done');
    }
    // Unmounts this follower: the effect runs once per job.
    onEnd();
  }, [ended, job, onEnd]);
  return null;
}

/** A bulk job's progress (polled while it runs), then what came of it, with the failures to download. */
function BulkJobModal({ slug, started, onClose }: { slug: string; started: BulkJob; onClose: (runningOn: BulkJob | null) => void }) {
  const queryClient = useQueryClient();
  const query = useBulkJob(slug, started);
  const job = query.data ?? started;
  const active = isBulkJobActive(job);
  // A job over a filter learns its total only once it starts: until then the bar just moves.
  const counting = active && job.total === 0;
  const percent = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 100;
  const succeeded = Math.max(0, job.processed - job.failed);

  const close = () => {
    // Closed while still running: the list catches up with what is done so far, and again when the job ends.
    if (active) void queryClient.invalidateQueries({ queryKey: customersQueryKey(slug) });
    onClose(active ? job : null);
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
