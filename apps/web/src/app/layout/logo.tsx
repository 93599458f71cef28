import { Group, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import classes from './app-layout.module.css';

/** The "G" mark (same drawing as public/favicon.svg) and the product name; links home. */
export function Logo({ withName = true }: { withName?: boolean }) {
  return (
    <Link to="/" className={classes.logo} aria-label="Grip home">
      <Group gap={10} wrap="nowrap">
        <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="8" fill="var(--mantine-primary-color-filled)" />
          <path
            d="M22.5 11.2A7.5 7.5 0 1 0 23.5 17h-7"
            fill="none"
            stroke="#fff"
            strokeWidth="3.2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        {withName && (
          <Text component="span" fw={650} fz="lg" lh={1} className={classes.logoName}>
            Grip
          </Text>
        )}
      </Group>
    </Link>
  );
}
