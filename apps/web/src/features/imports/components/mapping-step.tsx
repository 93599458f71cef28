import { ActionIcon, Alert, Badge, Button, Card, Group, Loader, LoadingOverlay, Select, SimpleGrid, Stack, Table, Text, Tooltip, VisuallyHidden, type ComboboxItem } from '@mantine/core';
import { IconArrowRight, IconCheck, IconCircleDashed, IconTemplate, IconTrash } from '@tabler/icons-react';
import { useIsMutating } from '@tanstack/react-query';
import { useState } from 'react';
import { foldHeader, type DuplicateMode, type ImportDetail, type ImportField, type ImportMapping, type UpdateImportBody } from '@grip/contracts/imports';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { importQueryKey, useDeleteImportTemplate, useUpdateImport } from '../api/imports.ts';
import { delimiterOptions, duplicateModeOptions, encodingOptions } from './import-display.tsx';
import { SaveTemplateButton } from './save-template-button.tsx';

/** The Select value of "Don't import" (a Select option cannot be the empty string). */
const SKIP = '__skip__';

/** The first non-empty values of a column in the sample. */
function sampleValues(sample: string[][], column: number, count = 3): string[] {
  const values: string[] = [];
  for (const row of sample) {
    const value = row[column]?.trim();
    if (value) values.push(value);
    if (values.length === count) break;
  }
  return values;
}

/** Column index → field key of the mapped columns only. */
const mappedEntries = (mapping: ImportMapping) => Object.entries(mapping).filter(([, field]) => field !== '');

interface MappingStepProps {
  workspace: string;
  detail: ImportDetail;
  onNext: () => void;
}

/** Step 2: which column goes to which field, how the file is read, and what happens to duplicates. */
export function MappingStep({ workspace, detail, onNext }: MappingStepProps) {
  const update = useUpdateImport(workspace, detail.id);
  const saving = useIsMutating({ mutationKey: [...importQueryKey(workspace, detail.id), 'update'] }) > 0;
  const save = (body: UpdateImportBody) => update.mutate(body, { onError: (error) => notifyError(error, 'Could not save the change') });
  // A new encoding or separator makes the server read the file again: the columns below are about to change.
  const rereading = update.isPending && (update.variables.encoding !== undefined || update.variables.delimiter !== undefined);

  const fieldsByKey = new Map(detail.fields.map((field) => [field.key, field]));
  const mapped = mappedEntries(detail.mapping);
  const usedBy = new Map<string, number>();
  for (const [column, field] of mapped) if (!usedBy.has(field)) usedBy.set(field, Number(column));
  const setColumn = (column: number, field: string | null) => {
    const next: ImportMapping = {};
    for (const [key, value] of mapped) if (key !== String(column)) next[key] = value;
    if (field && field !== SKIP) next[String(column)] = field;
    save({ mapping: next });
  };

  const required = detail.fields.filter((field) => field.required);
  const matchable = detail.fields.filter((field) => field.matchable);

  return (
    <Stack gap="lg" data-testid="import-mapping-step">
      <SimpleGrid cols={{ base: 1, md: detail.format === 'csv' ? 3 : 2 }} spacing="md">
        {detail.format === 'csv' && <FileOptions detail={detail} disabled={rereading} onChange={save} />}
        <DuplicateOptions detail={detail} matchable={matchable} onChange={save} />
        <TemplatesCard workspace={workspace} detail={detail} fieldsByKey={fieldsByKey} onApply={save} />
      </SimpleGrid>

      {required.length > 0 && (
        <Group gap="xs" data-testid="import-required-fields">
          <Text size="sm" c="dimmed">
            Required:
          </Text>
          {required.map((field) => {
            // The server builds a name from first and last name when there is no name column.
            const isMapped = usedBy.has(field.key) || (field.key === 'name' && (usedBy.has('firstName') || usedBy.has('lastName')));
            return (
              <Badge
                key={field.key}
                color={isMapped ? 'teal' : 'gray'}
                variant={isMapped ? 'light' : 'outline'}
                leftSection={isMapped ? <IconCheck size={12} aria-hidden /> : <IconCircleDashed size={12} aria-hidden />}
                data-mapped={isMapped || undefined}
              >
                {field.label}
                <VisuallyHidden>{isMapped ? ' (mapped)' : ' (not mapped yet)'}</VisuallyHidden>
              </Badge>
            );
          })}
        </Group>
      )}

      <Card p={0} pos="relative" aria-busy={rereading || undefined}>
        <LoadingOverlay visible={rereading} loaderProps={{ size: 'sm' }} overlayProps={{ blur: 1 }} />
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Columns of the file" data-testid="import-mapping-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th miw={150}>Column in the file</Table.Th>
                <Table.Th>Sample values</Table.Th>
                <Table.Th w={260}>Import as</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.headers.map((header, column) => {
                const current = detail.mapping[String(column)] || SKIP;
                const samples = sampleValues(detail.sample, column);
                const options: ComboboxItem[] = [
                  { value: SKIP, label: 'Don’t import' },
                  ...detail.fields.map((field) => {
                    const other = usedBy.get(field.key);
                    const takenByOther = other !== undefined && other !== column;
                    return { value: field.key, label: field.required ? `${field.label} (required)` : field.label, disabled: takenByOther };
                  }),
                ];
                const name = header || `Column ${column + 1}`;
                return (
                  <Table.Tr key={column} data-testid="import-mapping-row" data-column={column} data-mapped={current !== SKIP || undefined}>
                    <Table.Td>
                      <Text size="sm" fw={500} c={current === SKIP ? 'dimmed' : undefined} style={{ overflowWrap: 'anywhere' }}>
                        {name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {samples.length === 0 ? (
                        <Text size="xs" c="dimmed" fs="italic">
                          empty in the first rows
                        </Text>
                      ) : (
                        <Stack gap={2}>
                          {samples.map((value, index) => (
                            <Text key={index} size="xs" c="dimmed" truncate="end" maw={280} title={value}>
                              {value}
                            </Text>
                          ))}
                        </Stack>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`Import column “${name}” as`}
                        data={options}
                        value={current}
                        onChange={(value) => setColumn(column, value)}
                        allowDeselect={false}
                        searchable
                        nothingFoundMessage="No such field"
                        renderOption={({ option }) => <FieldOption option={option} field={fieldsByKey.get(option.value)} usedByColumn={usedBy.get(option.value)} headers={detail.headers} />}
                        comboboxProps={{ withinPortal: true }}
                        data-testid={`import-map-${column}`}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed" role="status" data-testid="import-mapping-saving">
          {saving ? (
            <Group gap={6} component="span">
              <Loader size={12} aria-hidden /> Saving…
            </Group>
          ) : (
            `${mapped.length} of ${detail.headers.length} columns will be imported.`
          )}
        </Text>
        <Button rightSection={<IconArrowRight size={16} aria-hidden />} onClick={onNext} disabled={mapped.length === 0} data-testid="import-to-preview">
          Next: preview
        </Button>
      </Group>
    </Stack>
  );
}

function FieldOption({ option, field, usedByColumn, headers }: { option: ComboboxItem; field: ImportField | undefined; usedByColumn: number | undefined; headers: string[] }) {
  return (
    <Stack gap={0}>
      <Text size="sm">{field?.label ?? option.label}</Text>
      {option.disabled && usedByColumn !== undefined ? (
        <Text size="xs" c="dimmed">
          Used by “{headers[usedByColumn] || `Column ${usedByColumn + 1}`}”
        </Text>
      ) : field?.required ? (
        <Text size="xs" c="dimmed">
          Required
        </Text>
      ) : null}
    </Stack>
  );
}

function FileOptions({ detail, disabled, onChange }: { detail: ImportDetail; disabled: boolean; onChange: (body: UpdateImportBody) => void }) {
  return (
    <Card padding="md">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          How the file is read
        </Text>
        <Select
          label="Encoding"
          description="Change it when letters such as é or ü look wrong in the samples."
          data={encodingOptions}
          value={detail.encoding}
          onChange={(value) => value && value !== detail.encoding && onChange({ encoding: value as ImportDetail['encoding'] })}
          allowDeselect={false}
          disabled={disabled}
          data-testid="import-encoding"
        />
        <Select
          label="Separator"
          description="What divides the columns of a line."
          data={delimiterOptions}
          value={detail.delimiter}
          onChange={(value) => value && value !== detail.delimiter && onChange({ delimiter: value as ImportDetail['delimiter'] })}
          allowDeselect={false}
          disabled={disabled}
          data-testid="import-delimiter"
        />
      </Stack>
    </Card>
  );
}

function DuplicateOptions({ detail, matchable, onChange }: { detail: ImportDetail; matchable: ImportField[]; onChange: (body: UpdateImportBody) => void }) {
  const mode = duplicateModeOptions.find((option) => option.value === detail.duplicateMode);
  return (
    <Card padding="md">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          Duplicates
        </Text>
        <Select
          label="When a row matches a record"
          description={mode?.description}
          data={duplicateModeOptions.map(({ value, label }) => ({ value, label }))}
          value={detail.duplicateMode}
          onChange={(value) => value && onChange({ duplicateMode: value as DuplicateMode })}
          allowDeselect={false}
          data-testid="import-duplicate-mode"
        />
        <Select
          label="Match on"
          description="Rows and records with the same value are the same."
          data={matchable.map((field) => ({ value: field.key, label: field.label }))}
          value={detail.matchKey}
          onChange={(value) => value && onChange({ matchKey: value })}
          allowDeselect={false}
          disabled={matchable.length === 0}
          data-testid="import-match-key"
        />
      </Stack>
    </Card>
  );
}

interface TemplatesCardProps {
  workspace: string;
  detail: ImportDetail;
  fieldsByKey: Map<string, ImportField>;
  onApply: (body: UpdateImportBody) => void;
}

/** Saved mappings: the best match is offered first; the current mapping can be saved as a new one. */
function TemplatesCard({ workspace, detail, fieldsByKey, onApply }: TemplatesCardProps) {
  const templates = detail.templates;
  const [chosenId, setChosenId] = useState<string | null>(null);
  const best = templates.find((template) => template.score > 0);
  const chosen = templates.find((template) => template.id === chosenId) ?? best ?? templates[0];
  const remove = useDeleteImportTemplate(workspace);

  const apply = (template: (typeof templates)[number]) => {
    const byHeader = new Map(Object.entries(template.mapping).map(([header, field]) => [foldHeader(header), field]));
    const mapping: ImportMapping = {};
    detail.headers.forEach((header, column) => {
      const field = byHeader.get(foldHeader(header));
      if (field && fieldsByKey.has(field) && !Object.values(mapping).includes(field)) mapping[String(column)] = field;
    });
    onApply({ mapping, duplicateMode: template.duplicateMode, matchKey: template.matchKey });
    notifySuccess(`The columns are mapped as in “${template.name}”.`, 'Template applied');
  };

  return (
    <Card padding="md" data-testid="import-templates">
      <Stack gap="sm">
        <Group gap={6}>
          <IconTemplate size={16} aria-hidden />
          <Text size="sm" fw={600}>
            Templates
          </Text>
        </Group>
        {best && (
          <Alert variant="light" color="grip" p="xs" data-testid="import-template-suggestion">
            <Group justify="space-between" gap="xs">
              <Text size="sm">
                “{best.name}” fits {Math.round(best.score * 100)}% of the columns.
              </Text>
              <Button size="compact-sm" variant="light" onClick={() => apply(best)} data-testid="import-template-apply-best">
                Apply
              </Button>
            </Group>
          </Alert>
        )}
        {templates.length > 0 ? (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Select
              label="Saved templates"
              data={templates.map((template) => ({ value: template.id, label: `${template.name} (${Math.round(template.score * 100)}%)` }))}
              value={chosen?.id ?? null}
              onChange={setChosenId}
              allowDeselect={false}
              style={{ flex: 1, minWidth: 0 }}
              data-testid="import-template-select"
            />
            <Button variant="default" onClick={() => chosen && apply(chosen)} disabled={!chosen} data-testid="import-template-apply">
              Apply
            </Button>
            <Tooltip label="Delete this template">
              <ActionIcon
                size="lg"
                variant="default"
                aria-label={`Delete the template ${chosen?.name ?? ''}`}
                loading={remove.isPending}
                disabled={!chosen}
                onClick={() =>
                  chosen &&
                  remove.mutate(chosen.id, {
                    onSuccess: () => {
                      setChosenId(null);
                      notifySuccess(`“${chosen.name}” was deleted.`, 'Template deleted');
                    },
                    onError: (error) => notifyError(error, 'Could not delete the template'),
                  })
                }
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Tooltip>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            No templates for this kind of file yet. Save this mapping to reuse it next time.
          </Text>
        )}
        <SaveTemplateButton workspace={workspace} detail={detail} />
      </Stack>
    </Card>
  );
}
