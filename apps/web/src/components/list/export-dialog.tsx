import { Alert, Button, Checkbox, Group, Loader, Modal, Progress, SegmentedControl, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconDownload, IconFileExport } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { BACKGROUND_EXPORT_ROWS, isExportJobActive, type ExportEntity, type ExportFormat, type ExportJob } from '@grip/contracts/exports';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { countLabel, isOne } from './count-label.ts';
import { exportDownloadHref, exportProgress, useCancelExportJob, useExportJob, useStartExportJob } from './export-jobs-api.ts';

// The export of a record list: everything that matches the list's filters and sort, with the fields chosen here, as
// CSV or XLSX. Small exports come straight from the server (streamed) through a plain download link; large ones
// (or when asked) run in the background as an export job, followed here until its file can be downloaded.

/** A column the export may have: the API's name for it and what the user reads. */
export interface ExportField {
  value: string;
  label: string;
}

interface Count {
  count: number;
  capped: boolean;
}

interface ExportDialogProps {
  opened: boolean;
  onClose: () => void;
  /** Plural, lower case: "customers". */
  resource: string;
  /** The workspace slug. */
  slug: string;
  /** The kind of record (its endpoints: `/api/v1/w/<slug>/<entity>/export.csv|xlsx`, and export jobs). */
  entity: ExportEntity;
  /** Every field the export allows, in the server's column order. */
  fields: readonly ExportField[];
  /** The list's current filters and sort as the API's query parameters. */
  query: Record<string, string>;
  /** How many rows match, when the list has counted them. */
  count: Count | undefined;
  /** The count is being (re)computed. */
  counting?: boolean;
}

/** The download address: the list's query plus the chosen fields (in the server's order) and the byte-order mark. */
export function exportHref(url: string, query: Record<string, string>, fields: readonly string[], bom: boolean): string {
  const params = new URLSearchParams(query);
  params.set('fields', fields.join(','));
  params.set('bom', String(bom));
  return `${url}?${params.toString()}`;
}

/** Past this many matching rows an export runs in the background (the count is capped far above it, or exact). */
const isLarge = (count: Count | undefined) => count !== undefined && (count.capped || count.count > BACKGROUND_EXPORT_ROWS);

/** Follows a download link. An anchor with `download` rather than `window.location`: an error answer stays a failed download instead of replacing the app. */
function startDownload(href: string) {
  const link = document.createElement('a');
  link.href = href;
  // Empty: the server's Content-Disposition names the file.
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

function MatchingNote({ count, counting }: { count: Count | undefined; counting: boolean | undefined }) {
  const rows = count ? ` (${countLabel(count)} ${isOne(count) ? 'row' : 'rows'})` : '';
  return (
    <Group gap={6} wrap="nowrap" align="center">
      <Text size="sm" data-testid="export-note">
        Exports everything that matches the current filters{rows}.
      </Text>
      {counting && <Loader size="xs" aria-label="Counting matching rows" />}
    </Group>
  );
}

/** A background export followed to its end: progress, then the download (or why it failed). */
function ExportJobProgress({ slug, started, onDone }: { slug: string; started: ExportJob; onDone: () => void }) {
  const job = useExportJob(slug, started);
  const cancel = useCancelExportJob(slug);
  const current = job.data ?? started;
  const progress = exportProgress(current);
  const active = isExportJobActive(current);
  return (
    <Stack gap="sm" data-testid="export-job" data-status={current.status}>
      <Text size="sm" fw={500} data-testid="export-job-status">
        {active ? 'Exporting in the background…' : current.status === 'done' ? 'Your export is ready.' : current.status === 'cancelled' ? 'The export was cancelled.' : 'The export failed.'}
      </Text>
      {current.status !== 'failed' && current.status !== 'cancelled' && (
        <>
          <Progress value={progress.percent} animated={active} aria-label="Export progress" data-testid="export-progress" />
          <Text size="sm" c="dimmed" data-testid="export-progress-label">
            {progress.label}
          </Text>
        </>
      )}
      {current.status === 'failed' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} data-testid="export-job-error">
          {current.error ?? 'Something went wrong.'}
        </Alert>
      )}
      {job.isError && <Text size="sm" c="red">{job.error.message}</Text>}
      {active && (
        <Text size="xs" c="dimmed">
          You can close this window: the export keeps going and waits for you on the{' '}
          <RouterAnchor to="/w/$workspace/exports" params={{ workspace: slug }} size="xs" onClick={onDone}>
            Exports
          </RouterAnchor>{' '}
          page; you will also get an email with a link.
        </Text>
      )}
      <Group justify="flex-end" gap="xs">
        {active && (
          <Button variant="default" color="red" loading={cancel.isPending} onClick={() => cancel.mutate(current.id, { onError: (e) => notifyError(e, 'Could not cancel') })} data-testid="export-job-cancel">
            Cancel export
          </Button>
        )}
        {!active && (
          <Button variant="default" onClick={onDone}>
            Close
          </Button>
        )}
        {current.downloadable && (
          <Button component="a" href={exportDownloadHref(slug, current.id)} download leftSection={<IconDownload size={16} aria-hidden />} data-testid="export-job-download">
            Download {current.format.toUpperCase()}
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** Choose the format, the fields and the byte-order mark, then download or export in the background. The choice stays while the list is open. */
export function ExportDialog({ opened, onClose, resource, slug, entity, fields, query, count, counting }: ExportDialogProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  const allValues = fields.map((f) => f.value);
  const [chosen, setChosen] = useState<string[]>(allValues);
  const [bom, setBom] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [background, setBackground] = useState(false);
  const [job, setJob] = useState<ExportJob | null>(null);
  const start = useStartExportJob(slug);
  const fieldsLabelId = useId();

  const nothingMatches = count !== undefined && count.count === 0 && !count.capped;
  const large = isLarge(count);
  const inBackground = large || background;
  const inOrder = allValues.filter((value) => chosen.includes(value));
  const close = () => {
    setJob(null);
    start.reset();
    onClose();
  };
  const download = () => {
    startDownload(exportHref(`/api/v1/w/${encodeURIComponent(slug)}/${entity}/export.${format}`, query, inOrder, format === 'csv' && bom));
    notifySuccess(`Your browser is downloading the ${resource} as ${format === 'csv' ? 'a CSV' : 'an XLSX'} file.`, 'Export started');
    close();
  };
  const startJob = () =>
    start.mutate(
      { entity, format, query, fields: inOrder, bom: format === 'csv' && bom },
      { onSuccess: setJob, onError: (error) => notifyError(error, 'The export could not start') },
    );

  return (
    <Modal opened={opened} onClose={close} title={`Export ${resource}`} size="lg" fullScreen={phone} data-testid="export-dialog">
      {job ? (
        <ExportJobProgress slug={slug} started={job} onDone={close} />
      ) : (
        <Stack gap="md">
          <MatchingNote count={count} counting={counting} />
          <Stack gap={6}>
            <Text size="sm" fw={500} id={`${fieldsLabelId}-format`}>
              Format
            </Text>
            <SegmentedControl
              value={format}
              onChange={(value) => setFormat(value as ExportFormat)}
              data={[
                { value: 'csv', label: 'CSV' },
                { value: 'xlsx', label: 'Excel (XLSX)' },
              ]}
              aria-labelledby={`${fieldsLabelId}-format`}
              data-testid="export-format"
              w={{ base: '100%', xs: 'auto' }}
              style={{ alignSelf: 'flex-start' }}
            />
          </Stack>
          <Stack gap="xs">
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={500} id={fieldsLabelId}>
                Fields
              </Text>
              <Group gap={4}>
                <Button variant="subtle" size="compact-sm" onClick={() => setChosen(allValues)} disabled={inOrder.length === allValues.length} data-testid="export-select-all">
                  Select all
                </Button>
                <Button variant="subtle" size="compact-sm" onClick={() => setChosen([])} disabled={inOrder.length === 0} data-testid="export-select-none">
                  Select none
                </Button>
              </Group>
            </Group>
            <Checkbox.Group value={inOrder} onChange={setChosen} error={inOrder.length === 0 ? 'Choose at least one field.' : undefined} data-testid="export-fields">
              <div role="group" aria-labelledby={fieldsLabelId}>
                <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs" verticalSpacing="xs">
                  {fields.map((field) => (
                    <Checkbox key={field.value} value={field.value} label={field.label} />
                  ))}
                </SimpleGrid>
              </div>
            </Checkbox.Group>
          </Stack>
          {format === 'csv' && (
            <Switch
              checked={bom}
              onChange={(event) => setBom(event.currentTarget.checked)}
              label="Add a byte-order mark for Excel"
              description="Excel then reads accents and other non-English letters correctly. Leave it off for other programs."
              data-testid="export-bom"
            />
          )}
          <Switch
            checked={inBackground}
            disabled={large}
            onChange={(event) => setBackground(event.currentTarget.checked)}
            label="Export in the background"
            description={
              large
                ? `More than ${BACKGROUND_EXPORT_ROWS.toLocaleString('en-US')} rows match: the file is prepared in the background, with its progress shown here.`
                : 'The file is prepared on the server while you work; download it here or from the Exports page.'
            }
            data-testid="export-background"
          />
          {nothingMatches && (
            <Text size="sm" c="dimmed">
              Nothing matches the current filters, so there is nothing to export.
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            {inBackground ? (
              <Button
                leftSection={<IconFileExport size={16} aria-hidden />}
                onClick={startJob}
                loading={start.isPending}
                disabled={inOrder.length === 0 || nothingMatches}
                data-testid="export-start"
              >
                Start export
              </Button>
            ) : (
              <Button
                leftSection={<IconDownload size={16} aria-hidden />}
                onClick={download}
                disabled={inOrder.length === 0 || nothingMatches}
                data-testid="export-download"
              >
                Download {format === 'csv' ? 'CSV' : 'XLSX'}
              </Button>
            )}
          </Group>
                  </Stack>
      )}
    </Modal>
  );
}

/** The list toolbar's Export button with its dialog. */
export function ExportButton({
  disabled,
  'data-testid': testId,
  ...dialog
}: Omit<ExportDialogProps, 'opened' | 'onClose'> & { disabled?: boolean; 'data-testid': string }) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button variant="default" leftSection={<IconFileExport size={16} aria-hidden />} onClick={open} disabled={disabled} data-testid={testId}>
        Export
      </Button>
      <ExportDialog opened={opened} onClose={close} {...dialog} />
    </>
  );
}
