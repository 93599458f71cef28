import { ActionIcon, Group, Kbd, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useOs } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import classes from './command-palette.module.css';
import { palette } from './palette-store.ts';

/** The top bar's way into the palette: a search-like button with its shortcut; an icon on phones. */
export function CommandPaletteTrigger() {
  const os = useOs();
  const mod = os === 'macos' || os === 'ios' ? '⌘' : 'Ctrl';
  const label = `Search and commands (${mod}+K)`;
  return (
    <>
      <UnstyledButton className={classes.trigger} onClick={palette.open} aria-label={label} aria-keyshortcuts="Control+K Meta+K" visibleFrom="sm" data-testid="command-palette-trigger">
        <Group gap={8} wrap="nowrap">
          <IconSearch size={15} stroke={1.8} aria-hidden />
          <Text size="sm" c="dimmed" visibleFrom="md">
            Search…
          </Text>
          <Group gap={2} wrap="nowrap" aria-hidden>
            <Kbd size="xs">{mod}</Kbd>
            <Kbd size="xs">K</Kbd>
          </Group>
        </Group>
      </UnstyledButton>
      <Tooltip label={label} position="bottom">
        <ActionIcon size="lg" hiddenFrom="sm" onClick={palette.open} aria-label={label} data-testid="command-palette-trigger-phone">
          <IconSearch size={19} stroke={1.7} aria-hidden />
        </ActionIcon>
      </Tooltip>
    </>
  );
}
