import { ActionBar, Alert, Anchor, Button, Group, Menu, Modal, Popover, Progress, Select, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconCircleCheck, IconDownload, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import type { Pipeline, TicketBulkAction, TicketBulkBody, TicketBulkJob } from '@grip/contracts/tickets';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { isBulkJobActive, ticketsBulkErrorsUrl, ticketsQueryKey, useStartTicketsBulk, useTicketsBulkJob } from '../../api/tickets-list.ts';
import { PRIORITIES_BY_URGENCY, PRIORITY_LABELS } from '../board/ticket-badges.tsx';
import type { Option } from './ticket-filters.tsx';

interface BulkActionsProps {
  slug: string;
  /** What is selected, as the API takes it; null hides the bar. */
  selection: TicketBulkBody['selection'] | null;
  /** "3 tickets", "All 12,345 matching". */
  selectionLabel: string;
  onClear: () => void;
  /** tickets:update: stage, priority, close. */
  canUpdate: boolean;
  /** tickets:assign. */
  canAssign: boolean;
  /** Members who can be assigned (user ids). */
  members: Option[];
  pipelines: Pipeline[];
  /** More rows are picked than a change by ids may name: the actions wait for a smaller or an "all matching" selection. */
  overLimit?: { max: number; onSelectAllMatching: () => void };
}

/** The bar that floats over the list while rows are selected: assign, change stage or priority, close. */
export function BulkActions({ slug, selection, selectionLabel, onClear, canUpdate, canAssign, members, pipelines, overLimit }: BulkActionsProps) {
  const start = useStartTicketsBulk(slug);
  const [job, setJob] = useState<TicketBulkJob | null>(null);
  // Jobs whose dialog was closed while they ran: still followed, so the list refreshes when each one ends.
  const [background, setBackground] = useState<TicketBulkJob[]>([]);
  const [confirmClose, setConfirmClose] = useState(false);
  const disabled = overLimit !== undefined;
  const stageName = (id: string) => pipelines.flatMap((p) => p.stages).find((s) => s.id === id)?.name ?? 'the stage';
  const memberName = (id: string | null) => (id ? (members.find((m) => m.value === id)?.label ?? 'a member') : null);

  const run = (action: TicketBulkAction) => {
    if (!selection || disabled) return;
    start.mutate(
      { selection, action },
      {
        onSuccess: (started) => {
          setJob(started);
          setConfirmClose(false);
          onClear();
        },
        onError: (error) => notifyError(error, 'Could not start the change'),
      },
    );
  };

  const describe = (action: TicketBulkAction): string => {
    switch (action.type) {
      case 'assign':
        return action.assigneeId ? `Assigning to ${memberName(action.assigneeId)}` : 'Unassigning';
      case 'stage':
        return `Moving to ${stageName(action.stageId)}`;
      case 'priority':
        return `Changing the priority to ${PRIORITY_LABELS[action.priority]}`;
      case 'close':
        return 'Closing (moving to the first done stage of each pipeline)';
    }
  };

  return (
    <>
      <ActionBar opened={selection !== null} onClose={onClear} closeOnEscape aria-label="Bulk actions" data-testid="tickets-bulk-bar" maw="calc(100vw - 24px)">
        <Group gap="xs" wrap="wrap" justify="center" px={4}>
          <Text size="sm" fw={600} px={4} data-testid="tickets-bulk-count">
            {selectionLabel}
          </Text>
          <ActionBar.Divider />
          {overLimit && (
            <>
              <Text size="sm" c="orange" px={4} data-testid="tickets-bulk-over-limit">
                A change can name at most {overLimit.max.toLocaleString()} rows.
              </Text>
              <Button size="xs" variant="light" onClick={overLimit.onSelectAllMatching} data-testid="bulk-select-all-matching">
                Select all matching instead
              </Button>
            </>
          )}
          {canAssign && <AssignPicker members={members} disabled={disabled} loading={start.isPending} onPick={(assigneeId) => run({ type: 'assign', assigneeId })} />}
          {canUpdate && (
            <>
              <Menu position="top">
                <Menu.Target>
                  <Button size="xs" variant="default" rightSection={<IconChevronDown size={12} aria-hidden />} loading={start.isPending} disabled={disabled} data-testid="bulk-stage">
                    Stage
                  </Button>
                </Menu.Target>
                <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
                  {pipelines.map((pipeline) => (
                    <Fragment key={pipeline.id}>
                      <Menu.Label>{pipelines.length > 1 ? `Move to (${pipeline.name})` : 'Move to'}</Menu.Label>
                      {pipeline.stages.map((stage) => (
                        <Menu.Item key={stage.id} onClick={() => run({ type: 'stage', stageId: stage.id })} data-testid="bulk-stage-option">
                          {stage.name}
                        </Menu.Item>
                      ))}
                    </Fragment>
                  ))}
                </Menu.Dropdown>
              </Menu>
              <Menu position="top">
                <Menu.Target>
                  <Button size="xs" variant="default" rightSection={<IconChevronDown size={12} aria-hidden />} loading={start.isPending} disabled={disabled} data-testid="bulk-priority">
                    Priority
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>Change priority to</Menu.Label>
                  {PRIORITIES_BY_URGENCY.map((priority) => (
                    <Menu.Item key={priority} onClick={() => run({ type: 'priority', priority })} data-testid={`bulk-priority-${priority}`}>
                      {PRIORITY_LABELS[priority]}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
              <Button
                size="xs"
                variant="light"
                color="teal"
                leftSection={<IconCircleCheck size={14} aria-hidden />}
                disabled={disabled}
                onClick={() => setConfirmClose(true)}
                data-testid="bulk-close"
              >
                Close
              </Button>
            </>
          )}
          <ActionBar.CloseButton aria-label="Clear selection" />
        </Group>
      </ActionBar>
      <ConfirmModal
        opened={confirmClose}
        title="Close tickets"
        confirmLabel="Close tickets"
        loading={start.isPending}
        onClose={() => setConfirmClose(false)}
        onConfirm={() => run({ type: 'close' })}
      >
        Close <b>{selectionLabel}</b>? Each moves to the first done stage of its pipeline; they can be reopened by moving them back.
      </ConfirmModal>
      {job && (
        <BulkJobModal
          slug={slug}
          started={job}
          describe={describe}
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

function AssignPicker({ members, disabled, loading, onPick }: { members: Option[]; disabled: boolean; loading: boolean; onPick: (assigneeId: string | null) => void }) {
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState<string | null>(null);
  return (
    <Popover opened={opened} onChange={setOpened} position="top" trapFocus shadow="md" width={260}>
      <Popover.Target>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconUserCircle size={14} aria-hidden />}
          disabled={disabled}
          loading={loading}
          onClick={() => setOpened((o) => !o)}
          data-testid="bulk-assign"
        >
          Assign
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Select
            label="Assign to"
            placeholder="Pick a member"
            data={[{ value: 'none', label: 'Nobody (unassign)' }, ...members]}
            value={value}
            onChange={setValue}
            searchable
            comboboxProps={{ withinPortal: false }}
            data-testid="bulk-assign-select"
          />
          <Button
            size="xs"
            disabled={value === null}
            onClick={() => {
              setOpened(false);
              onPick(value === 'none' ? null : value);
            }}
            data-testid="bulk-assign-apply"
          >
            {value === 'none' ? 'Unassign' : 'Assign'}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Follows a job after its dialog was closed; when it ends, the list has refreshed (useTicketsBulkJob) and a toast says so. */
function BackgroundJob({ slug, started, onEnd }: { slug: string; started: TicketBulkJob; onEnd: () => void }) {
  const job = useTicketsBulkJob(slug, started).data ?? started;
  const ended = !isBulkJobActive(job);
  useEffect(() => {
    if (!ended) return;
    if (job.status === 'failed' || job.failed > 0) {
      notifyError(new Error(`${job.failed.toLocaleString()} of ${job.total.toLocaleString()} tickets could not be changed.`), 'Bulk change finished with errors');
    } else {
      notifySuccess(`${job.total.toLocaleString()} tickets changed.`, 'Bulk change done');
    }
    // Unmounts this follower: the effect runs once per job.
    onEnd();
  }, [ended, job, onEnd]);
  return null;
}

/** A bulk job's progress (polled while it runs), then what came of it, with the failures to download. */
function BulkJobModal({
  slug,
  started,
  describe,
  onClose,
}: {
  slug: string;
  started: TicketBulkJob;
  describe: (action: TicketBulkAction) => string;
  onClose: (runningOn: TicketBulkJob | null) => void;
}) {
  const queryClient = useQueryClient();
  const query = useTicketsBulkJob(slug, started);
  const job = query.data ?? started;
  const active = isBulkJobActive(job);
  // A job over a filter learns its total only once it starts: until then the bar just moves.
  const counting = active && job.total === 0;
  const percent = job.total > 0 ? Math.round((job.processed / job.total) * 100) : 100;
  const succeeded = Math.max(0, job.processed - job.failed);

  const close = () => {
    // Closed while still running: the list catches up with what is done so far, and again when the job ends.
    if (active) void queryClient.invalidateQueries({ queryKey: ticketsQueryKey(slug) });
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
            ? 'Finding the tickets…'
            : active
              ? `${job.processed.toLocaleString()} of ${job.total.toLocaleString()} processed`
              : `${succeeded.toLocaleString()} of ${job.total.toLocaleString()} tickets changed${job.failed > 0 ? `, ${job.failed.toLocaleString()} failed` : ''}.`}
        </Text>
        {query.isError && <Alert color="red">Cannot read the job's progress: {query.error.message}</Alert>}
        {job.status === 'failed' && (
          <Alert color="red" variant="light">
            The job stopped before it finished. Tickets already processed keep their changes.
          </Alert>
        )}
        {!active && job.failed > 0 && (
          <Anchor href={ticketsBulkErrorsUrl(slug, job.id)} download size="sm" data-testid="bulk-job-errors">
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
