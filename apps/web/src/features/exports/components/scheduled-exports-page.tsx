import { ActionIcon, Badge, Button, Card, Drawer, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconCalendarTime, IconDots, IconHistory, IconPencil, IconPlayerPause, IconPlayerPlay, IconSend, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { ScheduledExport } from '@grip/contracts/exports';
import { exportDownloadHref } from '@/components/list/export-jobs-api.ts';
import { loadedRows } from '@/components/data-table/infinite-list.ts';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { PanelList } from '@/components/ui/panel-list.tsx';
import { formatBytes, formatDateTime, formatRelative } from '@/lib/format.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useDeleteScheduledExport, useRunScheduledExportNow, useScheduledExportRuns, useScheduledExports, useSetScheduledExportPaused } from '../api/scheduled-exports.ts';
import { ExportStatusBadge } from './export-status-badge.tsx';
import { ENTITY_LABELS, ScheduleFormModal, WEEKDAYS } from './schedule-form-modal.tsx';

const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** "Every Monday at 08:00 (Europe/Paris)". */
export function describeSchedule(s: Pick<ScheduledExport, 'frequency' | 'timeOfDay' | 'timezone' | 'dayOfWeek' | 'dayOfMonth'>): string {
  const when = s.frequency === 'daily' ? 'Every day' : s.frequency === 'weekly' ? `Every ${WEEKDAYS[s.dayOfWeek ?? 1]}` : `Monthly on the ${ordinal(s.dayOfMonth ?? 1)}`;
  return `${when} at ${s.timeOfDay} (${s.timezone})`;
}

/** A schedule's runs, newest first, with the file of each while it is kept. */
function RunsDrawer({ workspace, schedule, onClose }: { workspace: string; schedule: ScheduledExport | null; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 36em)');
  const runs = useScheduledExportRuns(workspace, schedule?.id ?? null);
  const items = loadedRows(runs);
  return (
    <Drawer opened={schedule !== null} onClose={onClose} position="right" size={phone ? '100%' : 'md'} title={schedule ? `Runs of “${schedule.name}”` : ''} data-testid="schedule-runs">
      <PanelList
        query={runs}
        count={items.length}
        noun="runs"
        empty={{ icon: <IconHistory size={28} aria-hidden />, title: 'No runs yet', description: 'Runs show here once the schedule has run (or after Run now).', testId: 'schedule-runs-empty' }}
      >
        <Stack gap="sm">
          {items.map((run) => (
            <Card key={run.id} withBorder padding="sm" data-testid="schedule-run" data-status={run.status}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Stack gap={2} miw={0}>
                  <Text size="sm" fw={500} title={formatDateTime(run.startedAt)}>
                    {formatDateTime(run.startedAt)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {run.rows !== null ? `${run.rows.toLocaleString('en-US')} rows` : '—'}
                    {run.fileSize !== null ? ` · ${formatBytes(run.fileSize)}` : ''}
                  </Text>
                  {run.error && (
                    <Text size="xs" c="red">
                      {run.error}
                    </Text>
                  )}
                </Stack>
                <Group gap={6} wrap="nowrap">
                  {run.status === 'running' ? <Badge variant="light">Running</Badge> : <ExportStatusBadge status={run.status} />}
                  {run.status === 'sent' && run.exportJobId && (
                    <Button size="compact-xs" variant="default" component="a" href={exportDownloadHref(workspace, run.exportJobId)} download>
                      File
                    </Button>
                  )}
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      </PanelList>
    </Drawer>
  );
}

function ScheduleActions({ workspace, schedule, onEdit, onRuns, onDelete }: { workspace: string; schedule: ScheduledExport; onEdit: () => void; onRuns: () => void; onDelete: () => void }) {
  const paused = useSetScheduledExportPaused(workspace);
  const runNow = useRunScheduledExportNow(workspace);
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button
        size="xs"
        variant="default"
        leftSection={<IconSend size={14} aria-hidden />}
        loading={runNow.isPending}
        onClick={() =>
          runNow.mutate(schedule.id, {
            onSuccess: () => {
              notifySuccess(`“${schedule.name}” is running; it is mailed when done.`, 'Running now');
              onRuns();
            },
            onError: (e) => notifyError(e, 'Could not run it'),
          })
        }
        data-testid="schedule-run-now"
      >
        Run now
      </Button>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`More for ${schedule.name}`} data-testid="schedule-menu">
            <IconDots size={16} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={onEdit} data-testid="schedule-edit">
            Edit
          </Menu.Item>
          <Menu.Item
            leftSection={schedule.paused ? <IconPlayerPlay size={14} aria-hidden /> : <IconPlayerPause size={14} aria-hidden />}
            onClick={() => paused.mutate({ id: schedule.id, paused: !schedule.paused }, { onError: (e) => notifyError(e) })}
            data-testid={schedule.paused ? 'schedule-resume' : 'schedule-pause'}
          >
            {schedule.paused ? 'Resume' : 'Pause'}
          </Menu.Item>
          <Menu.Item leftSection={<IconHistory size={14} aria-hidden />} onClick={onRuns} data-testid="schedule-history">
            Run history
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onDelete} data-testid="schedule-delete">
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** Settings → Scheduled exports: the list with next run and last outcome, and everything one does to a schedule. */
export function ScheduledExportsPage({ workspace, creating, onCreatingChange }: { workspace: string; creating: boolean; onCreatingChange: (creating: boolean) => void }) {
  const schedules = useScheduledExports(workspace);
  const remove = useDeleteScheduledExport(workspace);
  const [editing, setEditing] = useState<ScheduledExport | null>(null);
  const [history, setHistory] = useState<ScheduledExport | null>(null);
  const [deleting, setDeleting] = useState<ScheduledExport | null>(null);

  const rows = loadedRows(schedules);
  const body = (
    <PanelList
      query={schedules}
      count={rows.length}
      noun="scheduled exports"
      empty={{
        icon: <IconCalendarTime size={28} aria-hidden />,
        title: 'No scheduled exports',
        description: 'Send a list to people every day, week or month, as a file or a link.',
        testId: 'schedules-empty',
        action: (
          <Button onClick={() => onCreatingChange(true)} mt="sm">
            Schedule an export
          </Button>
        ),
      }}
    >
      <Card p={0} withBorder>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Scheduled exports" data-testid="schedules-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>When</Table.Th>
                <Table.Th>Next run</Table.Th>
                <Table.Th>Last run</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={s.id} data-testid="schedule-row" data-name={s.name}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {s.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ENTITY_LABELS[s.entity]} · {s.format.toUpperCase()} · {s.recipients.length} {s.recipients.length === 1 ? 'recipient' : 'recipients'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{describeSchedule(s)}</Text>
                  </Table.Td>
                  <Table.Td data-testid="schedule-next-run">
                    {s.paused ? (
                      <Badge color="yellow" variant="light" data-testid="schedule-paused">
                        Paused
                      </Badge>
                    ) : s.nextRunAt ? (
                      <Text size="sm" title={formatDateTime(s.nextRunAt)}>
                        {formatRelative(s.nextRunAt)}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td data-testid="schedule-last-run">
                    {s.lastRun ? (
                      <Group gap={6} wrap="nowrap">
                        {s.lastRun.status === 'running' ? <Badge variant="light">Running</Badge> : <ExportStatusBadge status={s.lastRun.status} />}
                        <Text size="xs" c="dimmed">
                          {formatRelative(s.lastRun.startedAt)}
                        </Text>
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Not yet
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ScheduleActions workspace={workspace} schedule={s} onEdit={() => setEditing(s)} onRuns={() => setHistory(s)} onDelete={() => setDeleting(s)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </PanelList>
  );

  return (
    <>
      {body}
      <ScheduleFormModal workspace={workspace} opened={creating || editing !== null} onClose={() => (editing ? setEditing(null) : onCreatingChange(false))} schedule={editing} />
      <RunsDrawer workspace={workspace} schedule={history} onClose={() => setHistory(null)} />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete this scheduled export?"
        confirmLabel="Delete"
        danger
        loading={remove.isPending}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifySuccess(`“${deleting.name}” will not be sent any more.`, 'Schedule deleted');
              setDeleting(null);
            },
            onError: (e) => notifyError(e, 'Could not delete it'),
          })
        }
      >
        “{deleting?.name}” and its run history are removed; its recipients get nothing more. Files already sent stay where they are.
      </ConfirmModal>
    </>
  );
}
