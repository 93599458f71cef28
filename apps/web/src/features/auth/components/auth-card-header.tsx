import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The title and subtitle at the top of every sign-in/sign-up card. */
export function AuthCardHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack gap={6} mb="lg">
      <Title order={1} fz={22} fw={650} lts={-0.2} c="bright">
        {title}
      </Title>
      {children && (
        <Text c="dimmed" size="sm">
          {children}
        </Text>
      )}
    </Stack>
  );
}
