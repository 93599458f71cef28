import { Box, Tooltip, type MantineColor } from '@mantine/core';
import { useRealtimeStatus, type RealtimeStatus } from '@/lib/realtime/realtime-status.ts';

const LOOK: Record<RealtimeStatus, { color: MantineColor; label: string }> = {
  live: { color: 'teal', label: 'Live' },
  connecting: { color: 'yellow', label: 'Connecting…' },
  reconnecting: { color: 'yellow', label: 'Reconnecting…' },
  offline: { color: 'gray', label: 'Offline — changes will appear when the connection returns' },
};

/** The top bar's dot for the live connection; nothing outside a workspace (no connection there). */
export function RealtimeStatusIndicator() {
  const status = useRealtimeStatus();
  if (!status) return null;
  const { color, label } = LOOK[status];
  return (
    <Tooltip label={label} position="bottom" multiline maw={260} events={{ hover: true, focus: true, touch: true }}>
      {/* Focusable, so keyboard and screen-reader users get the same words as the tooltip. */}
      <Box
        component="span"
        role="status"
        tabIndex={0}
        aria-label={label}
        data-testid="realtime-status"
        data-status={status}
        display="inline-flex"
        p={8}
        style={{ borderRadius: 'var(--mantine-radius-xl)', outlineOffset: -2 }}
      >
        <Box
          component="span"
          w={10}
          h={10}
          bg={color}
          style={{
            borderRadius: '50%',
            boxShadow: status === 'live' ? `0 0 0 3px color-mix(in srgb, var(--mantine-color-${color}-filled) 25%, transparent)` : undefined,
          }}
        />
      </Box>
    </Tooltip>
  );
}
