import { Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { z } from 'zod';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';

const schema = z.object({ password: z.string().min(1, 'Enter your password').max(128) });

interface PasswordPromptProps {
  intro: ReactNode;
  submitLabel: string;
  color?: string;
  loading: boolean;
  error: string | null;
  onSubmit: (password: string) => void;
  onCancel: () => void;
}

/** Sensitive changes ask for the password again. */
export function PasswordPrompt({ intro, submitLabel, color, loading, error, onSubmit, onCancel }: PasswordPromptProps) {
  const form = useZodForm(schema, { password: '' });
  return (
    <form onSubmit={form.onSubmit(({ password }) => onSubmit(password))} noValidate>
      <Stack gap="md">
        <Text size="sm">{intro}</Text>
        <FormError>{error}</FormError>
        <PasswordInput label="Your password" autoComplete="current-password" required data-autofocus {...form.textProps('password')} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color={color} loading={loading}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
