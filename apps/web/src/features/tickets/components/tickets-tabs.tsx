import { Button } from '@mantine/core';
import { IconLayoutKanban, IconList } from '@tabler/icons-react';
import { RouterButton } from '@/components/ui/link.tsx';

/** Board ↔ list: two links styled as a segmented switch (a middle click opens the other view in a new tab). */
export function TicketsTabs({ workspace, current }: { workspace: string; current: 'board' | 'list' }) {
  return (
    <Button.Group aria-label="Show tickets as" data-testid="tickets-tabs">
      <RouterButton
        to="/w/$workspace/tickets/board"
        params={{ workspace }}
        variant={current === 'board' ? 'filled' : 'default'}
        leftSection={<IconLayoutKanban size={16} aria-hidden />}
        aria-current={current === 'board' ? 'page' : undefined}
        data-testid="tickets-tab-board"
      >
        Board
      </RouterButton>
      <RouterButton
        to="/w/$workspace/tickets"
        params={{ workspace }}
        variant={current === 'list' ? 'filled' : 'default'}
        leftSection={<IconList size={16} aria-hidden />}
        aria-current={current === 'list' ? 'page' : undefined}
        data-testid="tickets-tab-list"
      >
        List
      </RouterButton>
    </Button.Group>
  );
}
