import { Group, Loader, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCloudOff } from '@tabler/icons-react';
import type { DraftStatus } from '../../api/use-draft.ts';
import { formatTime } from './ticket-display.tsx';

interface DraftStatusTextProps {
  status: DraftStatus;
  savedAt: Date | null;
  error?: string | null;
  'data-testid'?: string;
}

/** The auto-save indicator: "Saving…", "Saved 14:05", "Offline — will retry". Announced politely to screen readers. */
export function DraftStatusText({ status, savedAt, error, 'data-testid': testId = 'draft-status' }: DraftStatusTextProps) {
  let content = null;
  if (status === 'saving') {
    content = (
      <>
        <Loader size={10} aria-hidden />
        <span>Saving…</span>
      </>
    );
  } else if (status === 'saved' && savedAt) {
    content = (
      <>
        <IconCheck size={12} aria-hidden />
        <span>Saved {formatTime(savedAt)}</span>
      </>
    );
  } else if (status === 'offline') {
    content = (
      <Tooltip label="Kept in this browser; sent as soon as the connection returns.">
        <Group gap={4} wrap="nowrap" c="orange">
          <IconCloudOff size={12} aria-hidden />
          <span>Offline — will retry</span>
        </Group>
      </Tooltip>
    );
  } else if (status === 'error') {
    content = (
      <Group gap={4} wrap="nowrap" c="red">
        <IconAlertTriangle size={12} aria-hidden />
        <span>Draft not saved{error ? `: ${error}` : ''}</span>
      </Group>
    );
  }
  return (
    <Text component="div" size="xs" c="dimmed" role="status" aria-live="polite" data-testid={testId} data-status={status} miw={0}>
      <Group gap={4} wrap="nowrap">
        {content}
      </Group>
    </Text>
  );
}
