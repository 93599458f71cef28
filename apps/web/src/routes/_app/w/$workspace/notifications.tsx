import { Tabs } from '@mantine/core';
import { IconBell, IconSettings } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { z } from 'zod';
import { PermissionGate } from '@/components/access/permission-gate.tsx';
import { ForbiddenPage } from '@/components/ui/forbidden-page.tsx';
import { PageHeader } from '@/components/ui/page-header.tsx';
import { getNotificationPreferencesQueryOptions } from '@/features/notifications/api/notifications.ts';
import { NotificationPreferences } from '@/features/notifications/components/notification-preferences.tsx';
import { NotificationsInbox } from '@/features/notifications/components/notifications-inbox.tsx';

export const Route = createFileRoute('/_app/w/$workspace/notifications')({
  staticData: { crumb: 'Notifications' },
  // The open tab lives in the URL: a link (an email's footer, say) can point at the preferences.
  validateSearch: z.object({ tab: z.enum(['inbox', 'preferences']).optional().catch(undefined) }),
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(getNotificationPreferencesQueryOptions(params.workspace));
  },
  component: () => (
    <PermissionGate permission="workspace:read" fallback={<ForbiddenPage />}>
      <NotificationsPage />
    </PermissionGate>
  ),
});

function NotificationsPage() {
  const { workspace } = Route.useParams();
  const { tab = 'inbox' } = Route.useSearch();
  const navigate = useNavigate({ from: Route.fullPath });

  return (
    <>
      <PageHeader title="Notifications" description="What needs your attention in this workspace, and how you want to hear about it." />
      <Tabs
        value={tab}
        onChange={(value) => void navigate({ search: { tab: value === 'preferences' ? 'preferences' : undefined }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="inbox" leftSection={<IconBell size={16} aria-hidden />} data-testid="tab-inbox">
            Inbox
          </Tabs.Tab>
          <Tabs.Tab value="preferences" leftSection={<IconSettings size={16} aria-hidden />} data-testid="tab-preferences">
            Preferences
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="inbox">
          <NotificationsInbox workspace={workspace} />
        </Tabs.Panel>
        <Tabs.Panel value="preferences">
          <NotificationPreferences workspace={workspace} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
