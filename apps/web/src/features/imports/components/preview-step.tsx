import { Alert, Badge, Box, Button, Card, Group, List, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconFlask, IconPlayerPlay } from '@tabler/icons-react';
import { useIsMutating } from '@tanstack/react-query';
import type { ImportDetail, ImportField, ImportIssue, ImportPreview } from '@grip/contracts/imports';
import { QueryError } from '@/components/ui/query-error.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { notifyError } from '@/lib/notify.ts';
import { importQueryKey, isImportRunning, useImportPreview, useStartImport } from '../api/imports.ts';
import { formatCount } from './import-display.tsx';
import { RunCounts, RunProgress } from './run-progress.tsx';

type PreviewRow = ImportPreview['rows'][number];
type RowAction = PreviewRow['action'];

const actionLabels: Record<RowAction, { label: string; color: string }> = {
  create: { label: 'New', color: 'teal' },
  update: { label: 'Update', color: 'blue' },
  skip: { label: 'Skip', color: 'gray' },
  error: { label: 'Error', color: 'red' },
};

/** A previewed column: the field and the file's column it comes from. */
interface PreviewColumn {
  field: ImportField;
  header: string;
}

/**
 * The fields the preview shows: the mapped ones the engine stores, in the file's column order, after the required
 * ones it derives from other columns (a name made of first and last name). Inputs only (first name) are left out.
 */
function previewColumns(detail: ImportDetail, preview: ImportPreview): PreviewColumn[] {
  const keys = new Set(preview.rows.flatMap((row) => Object.keys(row.values)));
  // Parts of an object (`address.city`) are sent flattened when the object has values, as `address` when it has none.
  const stored = { has: (key: string) => keys.has(key) || keys.has(key.split('.')[0] ?? key) };
  const mappedKeys = new Set(Object.values(detail.mapping));
  const derived = detail.fields.filter((field) => field.required && !mappedKeys.has(field.key) && stored.has(field.key)).map((field) => ({ field, header: '' }));
  const columns: PreviewColumn[] = [];
  const byKey = new Map(detail.fields.map((field) => [field.key, field]));
  const entries = Object.entries(detail.mapping).sort(([a], [b]) => Number(a) - Number(b));
  for (const [column, key] of entries) {
    const field = byKey.get(key);
    if (field && stored.has(key) && !columns.some((c) => c.field.key === key)) columns.push({ field, header: detail.headers[Number(column)] ?? '' });
  }
  return [...derived, ...columns];
}

/** An issue names its column by the file's header, or by the field: either finds its cell. */
const issueIsFor = (issue: ImportIssue, column: PreviewColumn) =>
  issue.column !== '' && [column.header, column.field.key, column.field.label].some((name) => name.toLowerCase() === issue.column.toLowerCase());

interface PreviewStepProps {
  workspace: string;
  detail: ImportDetail;
  onBack: () => void;
  onStarted: () => void;
}

/** Step 3: the first rows as they will be stored, every problem shown, a dry run, and the start. */
export function PreviewStep({ workspace, detail, onBack, onStarted }: PreviewStepProps) {
  const saving = useIsMutating({ mutationKey: [...importQueryKey(workspace, detail.id), 'update'] }) > 0;
  const preview = useImportPreview(workspace, detail.id, !saving);
  const start = useStartImport(workspace, detail.id);
  const running = isImportRunning(detail);
  const dryRunDone = detail.status === 'done' && detail.dryRun;
  const blocked = (preview.data?.mappingIssues.length ?? 0) > 0;
  const ready = preview.isSuccess && !blocked && !running && !saving;

  const run = (dryRun: boolean) =>
    start.mutate(
      { dryRun },
      {
        onSuccess: () => {
          if (!dryRun) onStarted();
        },
        onError: (error) => notifyError(error, dryRun ? 'Could not start the dry run' : 'Could not start the import'),
      },
    );

  return (
    <Stack gap="lg" data-testid="import-preview-step">
      {preview.data && preview.data.mappingIssues.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} title="Fix the mapping before importing" data-testid="import-mapping-issues">
          <List size="sm" spacing={2}>
            {preview.data.mappingIssues.map((issue, index) => (
              <List.Item key={index}>{issue.message}</List.Item>
            ))}
          </List>
          <Button size="xs" variant="light" color="red" mt="sm" onClick={onBack}>
            Back to the mapping
          </Button>
        </Alert>
      )}

      {preview.isPending ? (
        <Card p={0}>
          <TableSkeleton rows={6} label="Checking the first rows" />
        </Card>
      ) : preview.isError ? (
        <QueryError title="Cannot check the rows" error={preview.error} onRetry={() => void preview.refetch()} retrying={preview.isFetching} />
      ) : blocked ? null : (
        <PreviewTable detail={detail} preview={preview.data} />
      )}

      {running && <RunProgress workspace={workspace} job={detail} />}
      {dryRunDone && (
        <Stack gap="xs" data-testid="import-dry-run-result">
          <Title order={3} fz="md">
            Dry run: nothing was written
          </Title>
          <Text size="sm" c="dimmed">
            Every row of the file was checked{detail.rowsTotal > 0 ? ` (${formatCount(detail.rowsTotal)} rows)` : ''}. This is what the import will do:
          </Text>
          <RunCounts workspace={workspace} job={detail} />
        </Stack>
      )}

      <Group justify="space-between" gap="sm">
        <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onBack} disabled={running} data-testid="import-back-to-mapping">
          Back to the mapping
        </Button>
        <Group gap="xs">
          <Tooltip label="Check every row of the file and count what would happen, writing nothing" disabled={!ready}>
            <Button
              variant="default"
              leftSection={<IconFlask size={16} aria-hidden />}
              onClick={() => run(true)}
              disabled={!ready}
              loading={start.isPending && start.variables.dryRun}
              data-testid="import-dry-run"
            >
              Dry run
            </Button>
          </Tooltip>
          <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={() => run(false)} disabled={!ready} loading={start.isPending && !start.variables.dryRun} data-testid="import-start">
            Import
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function PreviewTable({ detail, preview }: { detail: ImportDetail; preview: ImportPreview }) {
  const columns = previewColumns(detail, preview);
  const counts = { create: 0, update: 0, skip: 0, error: 0 };
  for (const row of preview.rows) counts[row.action]++;
  if (preview.rows.length === 0) {
    return (
      <Card data-testid="import-preview-empty">
        <Text size="sm" c="dimmed">
          The file has no data rows under its header.
        </Text>
      </Card>
    );
  }
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" data-testid="import-preview-summary">
        The first {formatCount(preview.rows.length)} rows: {counts.create} new, {counts.update} to update, {counts.skip} to skip, {counts.error} with errors.
      </Text>
      <Card p={0}>
        <Table.ScrollContainer minWidth={Math.max(480, 140 + columns.length * 170)} maxHeight={520}>
          <Table verticalSpacing={6} horizontalSpacing="sm" stickyHeader withColumnBorders aria-label="Preview of the first rows" data-testid="import-preview-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56} miw={56}>
                  Line
                </Table.Th>
                <Table.Th w={96} miw={96}>
                  Action
                </Table.Th>
                {columns.map((column) => (
                  <Table.Th key={column.field.key}>
                    <Text size="sm" fw={600}>
                      {column.field.label}
                    </Text>
                    {column.header && column.header !== column.field.label && (
                      <Text size="xs" c="dimmed" fw={400}>
                        from “{column.header}”
                      </Text>
                    )}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((row) => (
                <PreviewTableRow key={row.rowNo} row={row} columns={columns} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    </Stack>
  );
}

function PreviewTableRow({ row, columns }: { row: PreviewRow; columns: PreviewColumn[] }) {
  const action = actionLabels[row.action];
  // Problems that belong to no shown cell (a duplicate row, a required field missing) are told on the action.
  const rowIssues = row.issues.filter((issue) => !columns.some((column) => issueIsFor(issue, column)));
  const badge = (
    <Badge color={action.color} data-testid="import-row-action" data-action={row.action} tabIndex={rowIssues.length > 0 ? 0 : undefined}>
      {action.label}
    </Badge>
  );
  return (
    <Table.Tr data-testid="import-preview-row" data-row={row.rowNo} data-action={row.action}>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {row.rowNo}
        </Text>
      </Table.Td>
      <Table.Td>
        {rowIssues.length > 0 ? (
          <Tooltip label={rowIssues.map((issue) => issue.reason).join('; ')} multiline maw={320}>
            {badge}
          </Tooltip>
        ) : (
          badge
        )}
      </Table.Td>
      {columns.map((column) => {
        const issues = row.issues.filter((issue) => issueIsFor(issue, column));
        // An invalid cell is not stored: the file's text is shown instead, with what is wrong with it.
        const value = row.values[column.field.key] ?? issues.find((issue) => issue.value !== null)?.value ?? null;
        const empty = value === null || value === '';
        const text = (
          <Text size="sm" truncate="end" maw={300} c={empty ? 'dimmed' : undefined} title={empty || issues.length > 0 ? undefined : value}>
            {empty ? '—' : value}
          </Text>
        );
        if (issues.length === 0) return <Table.Td key={column.field.key}>{text}</Table.Td>;
        const reason = issues.map((issue) => issue.reason).join('; ');
        return (
          <Table.Td
            key={column.field.key}
            bg="var(--mantine-color-red-light)"
            data-invalid
            data-testid="import-invalid-cell"
            data-field={column.field.key}
            data-reason={reason}
          >
            <Tooltip label={reason} multiline maw={320}>
              <Box tabIndex={0} aria-label={`${value ?? 'empty'}: ${reason}`} style={{ textDecoration: 'underline wavy var(--mantine-color-red-filled)', textUnderlineOffset: 3 }}>
                {text}
              </Box>
            </Tooltip>
          </Table.Td>
        );
      })}
    </Table.Tr>
  );
}
