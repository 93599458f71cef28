import { Button, Checkbox, Group, Loader, Modal, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconFileExport } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { notifySuccess } from '@/lib/notify.ts';
import { countLabel, isOne } from './count-label.ts';

// The CSV export of a record list: everything that matches the list's filters and sort, with the fields chosen here.
// The file comes straight from the server (streamed, any size) through a plain download link.

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
  /** The export endpoint without a query: `/api/v1/w/<slug>/customers/export.csv`. */
  url: string;
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

/** Choose the fields and the byte-order mark, then download. The choice stays while the list is open. */
export function ExportDialog({ opened, onClose, resource, url, fields, query, count, counting }: ExportDialogProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  const allValues = fields.map((f) => f.value);
  const [chosen, setChosen] = useState<string[]>(allValues);
  const [bom, setBom] = useState(false);
  const fieldsLabelId = useId();

  const nothingMatches = count !== undefined && count.count === 0 && !count.capped;
  const inOrder = allValues.filter((value) => chosen.includes(value));
  const download = () => {
    startDownload(exportHref(url, query, inOrder, bom));
    notifySuccess(`Your browser is downloading the ${resource} as a CSV file.`, 'Export started');
    onClose();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Export ${resource}`} size="lg" fullScreen={phone} data-testid="export-dialog">
      <Stack gap="md">
        <MatchingNote count={count} counting={counting} />
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
        <Switch
          checked={bom}
          onChange={(event) => setBom(event.currentTarget.checked)}
          label="Add a byte-order mark for Excel"
          description="Excel then reads accents and other non-English letters correctly. Leave it off for other programs."
          data-testid="export-bom"
        />
        {nothingMatches && (
          <Text size="sm" c="dimmed">
            Nothing matches the current filters, so there is nothing to export.
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            leftSection={<IconDownload size={16} aria-hidden />}
            onClick={download}
            disabled={inOrder.length === 0 || nothingMatches}
            data-testid="export-download"
          >
            Download CSV
          </Button>
        </Group>
      </Stack>
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
