import { Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import type { CommandCenter } from '@grip/contracts/command-center';
import { RouterAnchor } from '@/components/ui/link.tsx';
import { formatDateTime, formatRelative } from '@/lib/format.ts';
import { activityPhrase } from './activity-sentence.ts';
import { SectionCard, SectionEmpty } from './section-card.tsx';
import classes from './command-center.module.css';

type Entry = NonNullable<CommandCenter['activity']>[number];

/** The newest changes in the workspace, as sentences. */
export function ActivityFeed({ slug, activity, auditLogLink }: { slug: string; activity: Entry[]; auditLogLink: boolean }) {
  return (
    <SectionCard
      title="Activity"
      description="The latest changes, newest first."
      data-testid="cc-activity"
      aside={
        auditLogLink && (
          <RouterAnchor to="/w/$workspace/settings/audit" params={{ workspace: slug }} size="sm" style={{ whiteSpace: 'nowrap' }}>
            Audit log
          </RouterAnchor>
        )
      }
    >
      {activity.length === 0 ? (
        <SectionEmpty icon={<IconHistory size={22} aria-hidden />} text="Nothing has happened here yet. Changes to customers and tickets show up as they happen." />
      ) : (
        <Stack gap={0}>
          {activity.map((entry) => (
            <div key={entry.id} className={classes.row} data-testid="cc-activity-entry">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                <Text span fw={600} c="bright">
                  {entry.actorEmail ?? 'System'}
                </Text>{' '}
                <Phrase slug={slug} entry={entry} />
              </Text>
              <Text size="xs" c="dimmed" title={formatDateTime(entry.createdAt)}>
                {formatRelative(entry.createdAt)}
              </Text>
            </div>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}

/** The phrase, linked to the record it is about when that has a page. */
function Phrase({ slug, entry }: { slug: string; entry: Entry }) {
  const phrase = activityPhrase(entry.action);
  const deleted = entry.action === 'customer.deleted' || entry.action === 'customer.merged_away';
  if (entry.entityId && entry.entityType === 'ticket') {
    return (
      <RouterAnchor to="/w/$workspace/tickets/$ticketId" params={{ workspace: slug, ticketId: entry.entityId }} inherit>
        {phrase}
      </RouterAnchor>
    );
  }
  if (entry.entityId && entry.entityType === 'customer' && !deleted) {
    return (
      <RouterAnchor to="/w/$workspace/customers/$customerId" params={{ workspace: slug, customerId: entry.entityId }} inherit>
        {phrase}
      </RouterAnchor>
    );
  }
  return <>{phrase}</>;
}
