import { Button, Card, FileButton, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { IconLock, IconMessageReply, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { Attachment } from '@grip/contracts/tickets';
import { FormError } from '@/components/ui/form-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { notifyError } from '@/lib/notify.ts';
import {
  deleteAttachment,
  MAX_ATTACHMENT_BYTES,
  tooLargeMessage,
  typeMismatchWarning,
  uploadAttachment,
  uploadErrorMessage,
  usePostMessage,
} from '../../api/ticket.ts';
import { useDraft } from '../../api/use-draft.ts';
import { AttachmentChip, UploadChip } from './attachment-chip.tsx';
import { DraftStatusText } from './draft-status.tsx';

const MAX_ATTACHMENTS = 10;

type Mode = 'reply' | 'internal';

interface Upload {
  localId: number;
  filename: string;
  progress: number;
  error: string | null;
  attachment: Attachment | null;
  controller: AbortController;
}

interface MessageComposerProps {
  workspace: string;
  ticketId: string;
}

/** Write a public reply or an internal note, with attachments; the text is a draft that saves itself. */
export function MessageComposer({ workspace, ticketId }: MessageComposerProps) {
  const [mode, setMode] = useState<Mode>('reply');
  const draft = useDraft(workspace, `ticket-${ticketId}-reply`);
  const post = usePostMessage(workspace, ticketId);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const nextId = useRef(0);
  const resetFileButton = useRef<() => void>(null);
  const internal = mode === 'internal';

  const patchUpload = (localId: number, patch: Partial<Upload>) =>
    setUploads((current) => current.map((u) => (u.localId === localId ? { ...u, ...patch } : u)));

  const addFiles = (files: File[]) => {
    resetFileButton.current?.();
    const room = MAX_ATTACHMENTS - uploads.filter((u) => !u.error).length;
    if (files.length > room) setError(`A message can carry at most ${MAX_ATTACHMENTS} attachments.`);
    for (const file of files.slice(0, Math.max(room, 0))) {
      const upload: Upload = { localId: nextId.current++, filename: file.name, progress: 0, error: null, attachment: null, controller: new AbortController() };
      if (file.size > MAX_ATTACHMENT_BYTES) upload.error = tooLargeMessage(file.name);
      setUploads((current) => [...current, upload]);
      if (upload.error) continue;
      uploadAttachment(workspace, ticketId, file, {
        signal: upload.controller.signal,
        onProgress: (progress) => patchUpload(upload.localId, { progress }),
      })
        .then((attachment) => patchUpload(upload.localId, { attachment, progress: 1 }))
        .catch((err: unknown) => {
          if (err instanceof DOMException && err.name === 'AbortError') return;
          patchUpload(upload.localId, { error: uploadErrorMessage(err, file.name) });
        });
    }
  };

  const removeUpload = (upload: Upload) => {
    setUploads((current) => current.filter((u) => u.localId !== upload.localId));
    if (!upload.attachment && !upload.error) upload.controller.abort();
    if (upload.attachment) {
      deleteAttachment(workspace, ticketId, upload.attachment.id).catch((err: unknown) => notifyError(err, 'The attachment could not be removed'));
    }
  };

  const warnings = uploads.flatMap((u) => (u.attachment ? (typeMismatchWarning(u.attachment) ?? []) : []));
  const uploading = uploads.some((u) => !u.attachment && !u.error);
  const attachmentIds = uploads.flatMap((u) => (u.attachment ? [u.attachment.id] : []));
  const canSend = (draft.value.trim() !== '' || attachmentIds.length > 0) && !uploading && !post.isPending;

  const send = () => {
    if (!canSend) return;
    setError(null);
    post.mutate(
      { body: draft.value.trim(), internal, attachmentIds },
      {
        onSuccess: () => {
          void draft.clear();
          setUploads([]);
        },
        onError: (err) => setError(isApiError(err) && err.fields?.length ? err.fields.map((f) => f.message).join('; ') : (err as Error).message),
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      send();
    }
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) addFiles([...event.dataTransfer.files]);
  };

  return (
    <Card
      padding="sm"
      bg={internal ? 'var(--mantine-color-yellow-light)' : undefined}
      style={{
        borderLeft: internal ? '4px solid var(--mantine-color-yellow-filled)' : undefined,
        outline: dragging ? '2px dashed var(--mantine-primary-color-filled)' : undefined,
      }}
      onDragOver={(event: DragEvent<HTMLDivElement>) => {
        if (event.dataTransfer.types.includes('Files')) {
          event.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="composer"
      data-mode={mode}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(value) => setMode(value as Mode)}
            data={[
              {
                value: 'reply',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconMessageReply size={14} aria-hidden />
                    <span>Reply</span>
                  </Group>
                ),
              },
              {
                value: 'internal',
                label: (
                  <Group gap={4} wrap="nowrap">
                    <IconLock size={14} aria-hidden />
                    <span>Internal note</span>
                  </Group>
                ),
              },
            ]}
            aria-label="Message kind"
            data-testid="composer-mode"
          />
          <DraftStatusText status={draft.status} savedAt={draft.savedAt} error={draft.error} data-testid="reply-draft-status" />
        </Group>
        {internal && (
          <Text size="xs" c="dimmed">
            Only your team sees internal notes; the customer does not.
          </Text>
        )}
        <FormError>{error}</FormError>
        <Textarea
          value={draft.value}
          onChange={(event) => draft.setValue(event.currentTarget.value)}
          onBlur={() => void draft.flush()}
          onKeyDown={onKeyDown}
          placeholder={internal ? 'A note for your team…' : 'Write a reply to the customer…'}
          aria-label={internal ? 'Internal note' : 'Reply'}
          autosize
          minRows={3}
          maxRows={14}
          maxLength={50_000}
          data-testid="composer-body"
        />
        {uploads.length > 0 && (
          <Group gap="xs" data-testid="composer-attachments">
            {uploads.map((upload) =>
              upload.attachment ? (
                <AttachmentChip
                  key={upload.localId}
                  workspace={workspace}
                  ticketId={ticketId}
                  attachment={upload.attachment}
                  onRemove={() => removeUpload(upload)}
                />
              ) : (
                <UploadChip key={upload.localId} filename={upload.filename} progress={upload.progress} error={upload.error} onRemove={() => removeUpload(upload)} />
              ),
            )}
          </Group>
        )}
        {warnings.map((warning) => (
          <Text key={warning} size="xs" c="orange" data-testid="upload-warning">
            {warning}
          </Text>
        ))}
        <Group justify="space-between" gap="xs">
          <FileButton onChange={addFiles} multiple resetRef={resetFileButton}>
            {(props) => (
              <Button {...props} variant="subtle" color="gray" size="xs" leftSection={<IconPaperclip size={14} aria-hidden />} data-testid="composer-attach">
                Attach files
              </Button>
            )}
          </FileButton>
          <Group gap="xs">
            <Text size="xs" c="dimmed" visibleFrom="sm">
              Ctrl+Enter to send
            </Text>
            <Button
              size="sm"
              color={internal ? 'yellow' : undefined}
              leftSection={internal ? <IconLock size={14} aria-hidden /> : <IconSend size={14} aria-hidden />}
              onClick={send}
              disabled={!canSend}
              loading={post.isPending}
              data-testid="composer-send"
            >
              {internal ? 'Add internal note' : 'Send reply'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Card>
  );
}
