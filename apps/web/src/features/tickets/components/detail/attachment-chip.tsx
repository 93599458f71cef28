import { ActionIcon, Group, Paper, Progress, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconFile, IconFileTypePdf, IconPhoto, IconX } from '@tabler/icons-react';
import type { Attachment } from '@grip/contracts/tickets';
import { attachmentUrl } from '../../api/ticket.ts';
import { formatBytes } from '@/lib/format.ts';

function FileTypeIcon({ contentType }: { contentType: string }) {
  const props = { size: 16, 'aria-hidden': true, style: { flexShrink: 0 } } as const;
  if (contentType.startsWith('image/')) return <IconPhoto {...props} />;
  if (contentType === 'application/pdf') return <IconFileTypePdf {...props} />;
  return <IconFile {...props} />;
}

interface AttachmentChipProps {
  workspace: string;
  ticketId: string;
  attachment: Attachment;
  /** Pending attachments (not on a message yet) can be removed. */
  onRemove?: () => void;
}

/** A file on a message: downloads through the authorised route (the server sends it as an attachment). */
export function AttachmentChip({ workspace, ticketId, attachment, onRemove }: AttachmentChipProps) {
  return (
    <Paper px="xs" py={4} radius="sm" maw="100%" data-testid="attachment-chip" data-filename={attachment.filename}>
      <Group gap={6} wrap="nowrap">
        <FileTypeIcon contentType={attachment.contentType} />
        <Text
          component="a"
          href={attachmentUrl(workspace, ticketId, attachment.id)}
          download={attachment.filename}
          size="sm"
          truncate
          c="inherit"
          td="none"
          style={{ minWidth: 0 }}
          data-testid="attachment-link"
        >
          {attachment.filename}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatBytes(attachment.size)}
        </Text>
        {onRemove ? (
          <Tooltip label="Remove">
            <ActionIcon size="sm" onClick={onRemove} aria-label={`Remove ${attachment.filename}`} data-testid="attachment-remove">
              <IconX size={14} aria-hidden />
            </ActionIcon>
          </Tooltip>
        ) : (
          <IconDownload size={14} aria-hidden style={{ flexShrink: 0, color: 'var(--mantine-color-dimmed)' }} />
        )}
      </Group>
    </Paper>
  );
}

interface UploadChipProps {
  filename: string;
  /** 0–1 while uploading. */
  progress: number;
  error: string | null;
  onRemove: () => void;
}

/** A file on its way up, or one the server refused (with why). */
export function UploadChip({ filename, progress, error, onRemove }: UploadChipProps) {
  return (
    <Paper
      px="xs"
      py={4}
      radius="sm"
      maw="100%"
      bg={error ? 'var(--mantine-color-red-light)' : undefined}
      data-testid={error ? 'upload-error' : 'upload-progress'}
      data-filename={filename}
    >
      <Group gap={6} wrap="nowrap">
        {error ? <IconAlertTriangle size={16} color="var(--mantine-color-red-filled)" aria-hidden style={{ flexShrink: 0 }} /> : <IconFile size={16} aria-hidden />}
        <div style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" truncate>
            {filename}
          </Text>
          {error ? (
            <Text size="xs" c="red" role="alert" data-testid="upload-error-message">
              {error}
            </Text>
          ) : (
            <Progress value={Math.round(progress * 100)} size="xs" mt={2} aria-label={`Uploading ${filename}`} animated />
          )}
        </div>
        <Tooltip label={error ? 'Dismiss' : 'Cancel'}>
          <ActionIcon size="sm" onClick={onRemove} aria-label={error ? `Dismiss ${filename}` : `Cancel ${filename}`}>
            <IconX size={14} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
    </Paper>
  );
}
