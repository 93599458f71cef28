import { Card, Code, List, Skeleton, Stack, Text, ThemeIcon, Title, type MantineColor } from '@mantine/core';
import { IconAlertTriangle, IconCalendarTime, IconRestore, type Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Backups } from '../api/backups.ts';

interface GuideCardProps {
  icon: Icon;
  color?: MantineColor;
  title: string;
  children: ReactNode;
  'data-testid': string;
}

function GuideCard({ icon: CardIcon, color, title, children, 'data-testid': testId }: GuideCardProps) {
  return (
    <Card data-testid={testId}>
      <Stack gap="sm">
        <ThemeIcon variant="light" color={color} size={36} radius="md">
          <CardIcon size={19} stroke={1.7} aria-hidden />
        </ThemeIcon>
        <Title order={2} fz="md" fw={600} c="bright">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/** "daily at 02:00 UTC" → "Daily at 02:00 UTC". */
const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** When and where backups are taken and how long they are kept; the API's answer, or its loading or failed state. */
export function ScheduleCard({ backups, isPending }: { backups: Backups | undefined; isPending: boolean }) {
  let body: ReactNode;
  if (backups) {
    const { schedule, retention, directory } = backups;
    body = (
      <>
        <Text size="sm" data-testid="backup-schedule">
          {sentenceCase(schedule)}, Grip backs up the whole database from one consistent snapshot.
        </Text>
        <Text size="sm">
          It keeps the newest {retention.daily} {retention.daily === 1 ? 'backup' : 'backups'}
          {retention.weekly > 0 && ` and the newest of each of the last ${retention.weekly} ${retention.weekly === 1 ? 'week' : 'weeks'}`}; older ones are
          removed.
        </Text>
        <Text size="sm" c="dimmed">
          They are written to <Code style={{ overflowWrap: 'anywhere' }}>{directory}</Code> on the server: copy them to another machine too.
        </Text>
      </>
    );
  } else if (isPending) {
    body = (
      <Stack gap={8} aria-busy="true" aria-label="Loading the schedule">
        <Skeleton h={10} />
        <Skeleton h={10} w="80%" />
        <Skeleton h={10} w="60%" />
      </Stack>
    );
  } else {
    body = (
      <Text size="sm" c="dimmed">
        Not known: the backups could not be loaded.
      </Text>
    );
  }
  return (
    <GuideCard icon={IconCalendarTime} title="Schedule and retention" data-testid="backup-schedule-card">
      {body}
    </GuideCard>
  );
}

/** What a database backup leaves out, so the operator copies it separately. */
export function NotInBackupCard() {
  return (
    <GuideCard icon={IconAlertTriangle} color="yellow" title="Not in a backup" data-testid="backup-not-included">
      <List size="sm" spacing={6}>
        <List.Item>
          Uploaded files (ticket attachments), kept in the files directory: <Code>DATA_DIR/files</Code> unless <Code>STORAGE_URL</Code> says otherwise.
        </List.Item>
        <List.Item>
          The secrets file <Code>DATA_DIR/secrets.json</Code>: losing it signs everyone out.
        </List.Item>
      </List>
      <Text size="sm" fw={600}>
        Copy both separately, alongside the backups.
      </Text>
    </GuideCard>
  );
}

/** How a backup is restored: from the command line, with the app stopped. */
export function RestoreCard() {
  return (
    <GuideCard icon={IconRestore} title="Restore" data-testid="backup-restore">
      <Text size="sm">Stop Grip, then run, from its folder:</Text>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        npm run restore -- &lt;file&gt; --yes
      </Code>
      <Text size="sm" c="dimmed">
        Every row of the database is replaced by the backup’s, all or nothing. Restore with the Grip version that took the backup, then start Grip again.
      </Text>
    </GuideCard>
  );
}
