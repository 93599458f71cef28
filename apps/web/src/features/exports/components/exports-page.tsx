import { Button, Card, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconFileExport } from '@tabler/icons-react';
import { isExportJobActive, type ExportJob } from '@grip/contracts/exports';
import { exportDownloadHref, exportProgress, useCancelExportJob, useExportJobs } from '@/components/list/export-jobs-api.ts';
import { loadedRows } from '@/components/data-table/infinite-list.ts';
import { PanelList } from '@/components/ui/panel-list.tsx';
import { formatBytes, formatDateTime, formatRelative } from '@/lib/format.ts';
import { notifyError } from '@/lib/notify.ts';
import { ExportStatusBadge } from './export-status-badge.tsx';

const ENTITY_LABELS = { customers: 'Customers', policies: 'Policies', tickets: 'Tickets' } as const;

function JobState({ job }: { job: ExportJob }) {
  if (isExportJobActive(job)) {
    const progress = exportProgress(job);
    return (
      <Stack gap={4} miw={160}>
        <Progress value={progress.percent} animated size="sm" aria-label="Export progress" />
        <Text size="xs" c="dimmed" data-testid="export-row-progress">
          {progress.label}
        </Text>
      </Stack>
    );
  }
  const expired = job.status === 'done' && !job.downloadable;
  return (
    <Stack gap={2}>
      <ExportStatusBadge status={expired ? 'expired' : job.status} />
      {job.status === 'failed' && job.error && (
        <Text size="xs" c="red">
          {job.error}
        </Text>
      )}
    </Stack>
  );
}

/** Recent exports of the workspace (those of records one may read): progress, status, and the file while it is kept. */
export function ExportsPage({ workspace }: { workspace: string }) {
  const jobs = useExportJobs(workspace);
  const cancel = useCancelExportJob(workspace);
  const rows = loadedRows(jobs);
  return (
    <PanelList
      query={jobs}
      count={rows.length}
      noun="exports"
      empty={{
        icon: <IconFileExport size={28} aria-hidden />,
        title: 'No exports yet',
        description: 'Export a list in the background (the Export button of customers, policies or tickets) and it shows here, ready to download.',
        testId: 'exports-empty',
      }}
    >
      <Card p={0} withBorder>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Exports" data-testid="exports-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Export</Table.Th>
                <Table.Th>Started</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((job) => (
                <Table.Tr key={job.id} data-testid="export-row" data-id={job.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {ENTITY_LABELS[job.entity]} · {job.format.toUpperCase()}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {job.scheduledExportId ? 'Scheduled' : (job.createdBy?.name ?? 'Former member')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={formatDateTime(job.createdAt)}>
                      {formatRelative(job.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <JobState job={job} />
                  </Table.Td>
                  <Table.Td>
                    {job.status === 'done' ? (
                      <Text size="sm">
                        {job.rowsDone.toLocaleString('en-US')} rows · {formatBytes(job.fileSize ?? 0)}
                        {job.expiresAt && (
                          <Text span size="xs" c="dimmed" display="block">
                            {job.downloadable ? `Kept until ${formatDateTime(job.expiresAt)}` : 'Expired'}
                          </Text>
                        )}
                      </Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} justify="flex-end" wrap="nowrap">
                      {isExportJobActive(job) && (
                        <Button size="xs" variant="default" onClick={() => cancel.mutate(job.id, { onError: (e) => notifyError(e, 'Could not cancel') })} data-testid="export-row-cancel">
                          Cancel
                        </Button>
                      )}
                      {job.downloadable && (
                        <Button size="xs" component="a" href={exportDownloadHref(workspace, job.id)} download leftSection={<IconDownload size={14} aria-hidden />} data-testid="export-row-download">
                          Download
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </PanelList>
  );
}
