import '@mantine/dropzone/styles.css';
import { Alert, Button, Group, Progress, SegmentedControl, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { IconAlertTriangle, IconFileSpreadsheet, IconUpload, IconX } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { IMPORT_ENTITIES, type ImportDetail, type ImportEntity } from '@grip/contracts/imports';
import { isApiError } from '@/lib/api.ts';
import { formatBytes } from '@/lib/format.ts';
import { uploadImportFile, useRememberUploaded } from '../api/imports.ts';
import { entityLabels } from './import-display.tsx';

/** The server's limit (413 past it); checked here too, rather than after sending a gigabyte for a refusal. */
const MAX_BYTES = 1024 * 1024 * 1024;
const ACCEPT = {
  'text/csv': ['.csv'],
  'text/plain': ['.csv'],
  'application/vnd.ms-excel': ['.csv'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
};

interface Upload {
  file: File;
  sent: number;
  total: number;
  controller: AbortController;
}

function uploadErrorMessage(error: unknown, file: File): string {
  if (isApiError(error)) {
    if (error.status === 413) return `${file.name} is too large: an import file can be at most 1 GB.`;
    if (error.status === 415) return `${file.name} is not a CSV file or an Excel workbook (.xlsx). The type is read from the file’s content.`;
    return `${file.name}: ${error.message}`;
  }
  return `${file.name} could not be uploaded.`;
}

function rejectionMessage(rejection: FileRejection): string {
  const { file, errors } = rejection;
  if (errors.some((e) => e.code === 'file-too-large')) return `${file.name} is too large: an import file can be at most 1 GB.`;
  if (errors.some((e) => e.code === 'too-many-files')) return 'Drop one file at a time.';
  return `${file.name} is not a CSV file or an Excel workbook (.xlsx).`;
}

interface UploadStepProps {
  workspace: string;
  /** Fixed by the page that opened the wizard (the customers list opens it for customers); chosen here otherwise. */
  entity: ImportEntity | undefined;
  onUploaded: (detail: ImportDetail) => void;
}

/** Step 1: the file, dropped or picked, sent with a real progress bar. */
export function UploadStep({ workspace, entity: fixedEntity, onUploaded }: UploadStepProps) {
  const [chosenEntity, setChosenEntity] = useState<ImportEntity>(fixedEntity ?? 'customers');
  const entity = fixedEntity ?? chosenEntity;
  const [upload, setUpload] = useState<Upload | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remember = useRememberUploaded(workspace);
  const current = useRef<AbortController | null>(null);
  // Leaving the page stops an upload under way.
  useEffect(() => () => current.current?.abort(), []);

  const start = (file: File) => {
    setError(null);
    const controller = new AbortController();
    current.current = controller;
    setUpload({ file, sent: 0, total: file.size, controller });
    uploadImportFile(workspace, entity, file, {
      signal: controller.signal,
      onProgress: (sent, total) => setUpload((u) => (u && u.controller === controller ? { ...u, sent, total } : u)),
    })
      .then((detail) => {
        remember(detail);
        onUploaded(detail);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        setError(uploadErrorMessage(err, file));
        setUpload(null);
      });
  };

  const cancel = () => {
    upload?.controller.abort();
    setUpload(null);
  };

  const percent = upload && upload.total > 0 ? Math.min(100, Math.round((upload.sent / upload.total) * 100)) : 0;
  const sentAll = upload !== null && upload.sent >= upload.total;

  return (
    <Stack gap="lg" data-testid="import-upload-step">
      {fixedEntity ? (
        <Text size="sm" c="dimmed">
          Importing {entityLabels[fixedEntity].plural.toLowerCase()} from a CSV file or an Excel workbook (.xlsx), up to 1 GB.
        </Text>
      ) : (
        <Stack gap={6}>
          <Text size="sm" fw={500} id="import-entity-label">
            What do you import?
          </Text>
          <SegmentedControl
            aria-labelledby="import-entity-label"
            data={IMPORT_ENTITIES.map((value) => ({ value, label: entityLabels[value].plural }))}
            value={entity}
            onChange={(value) => setChosenEntity(value as ImportEntity)}
            disabled={upload !== null}
            data-testid="import-entity"
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
      )}

      {upload ? (
        <Stack gap="xs" p="lg" data-testid="import-upload-progress" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}>
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Group gap="xs" wrap="nowrap" miw={0}>
              <IconFileSpreadsheet size={20} aria-hidden style={{ flexShrink: 0 }} />
              <Text size="sm" fw={500} truncate>
                {upload.file.name}
              </Text>
            </Group>
            <Button variant="default" size="xs" onClick={cancel} leftSection={<IconX size={14} aria-hidden />} data-testid="import-upload-cancel">
              Cancel
            </Button>
          </Group>
          <Progress value={percent} size="lg" striped animated={sentAll} aria-label="Upload progress" />
          <Text size="sm" c="dimmed" role="status" data-testid="import-upload-status">
            {sentAll
              ? 'Uploaded. Reading the first rows…'
              : `${formatBytes(upload.sent)} of ${formatBytes(upload.total)} sent (${percent}%)`}
          </Text>
        </Stack>
      ) : (
        <Dropzone
          onDrop={(files) => {
            const [file] = files;
            if (file) start(file);
          }}
          onReject={(rejections) => setError(rejections[0] ? rejectionMessage(rejections[0]) : null)}
          accept={ACCEPT}
          maxSize={MAX_BYTES}
          multiple={false}
          data-testid="import-dropzone"
          inputProps={{ 'aria-label': 'Choose a file to import' }}
        >
          <Group justify="center" gap="lg" mih={160} style={{ pointerEvents: 'none' }}>
            <Dropzone.Accept>
              <IconUpload size={48} stroke={1.5} color="var(--mantine-primary-color-filled)" aria-hidden />
            </Dropzone.Accept>
            <Dropzone.Reject>
              <IconX size={48} stroke={1.5} color="var(--mantine-color-red-6)" aria-hidden />
            </Dropzone.Reject>
            <Dropzone.Idle>
              <IconFileSpreadsheet size={48} stroke={1.5} color="var(--mantine-color-dimmed)" aria-hidden />
            </Dropzone.Idle>
            <Stack gap={4} maw="100%">
              <Text size="lg" fw={500}>
                Drop a CSV or Excel file here, or click to choose one
              </Text>
              <Text size="sm" c="dimmed">
                .csv or .xlsx, up to 1 GB. The first row must hold the column names.
              </Text>
            </Stack>
          </Group>
        </Dropzone>
      )}

      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />} title="The file was not accepted" withCloseButton closeButtonLabel="Dismiss" onClose={() => setError(null)} data-testid="import-upload-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
