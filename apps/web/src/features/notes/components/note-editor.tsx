import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { noteBody } from '@grip/contracts/notes';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';

interface NoteEditorProps {
  initialBody?: string;
  submitLabel: string;
  pending: boolean;
  /** Saves the text; resolves when saved, rejects with the API error. */
  onSubmit: (body: string) => Promise<unknown>;
  onCancel?: () => void;
  /** Empties the box after a successful save (the composer), instead of leaving the text (inline edit closes). */
  clearOnSave?: boolean;
  autoFocus?: boolean;
  'data-testid'?: string;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** A note's text box, for a new note and for editing one: Ctrl/Cmd+Enter saves. */
export function NoteEditor({ initialBody = '', submitLabel, pending, onSubmit, onCancel, clearOnSave, autoFocus, 'data-testid': testId }: NoteEditorProps) {
  const form = useZodForm(noteBody, { body: initialBody });
  const [error, setError] = useState<string | null>(null);

  const submit = form.onSubmit(({ body }) => {
    setError(null);
    onSubmit(body).then(
      () => {
        if (clearOnSave) form.reset();
      },
      (err: unknown) => setError(form.applyServerError(err)),
    );
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!pending) submit();
    } else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid={testId}>
      <Stack gap="xs">
        <FormError>{error}</FormError>
        <Textarea
          aria-label="Note"
          placeholder="Write a note…"
          autosize
          minRows={onCancel ? 2 : 3}
          maxRows={14}
          autoFocus={autoFocus}
          onKeyDown={onKeyDown}
          {...form.textProps('body')}
        />
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed" visibleFrom="xs">
            {isMac ? '⌘' : 'Ctrl'}+Enter to save
          </Text>
          <Group gap="xs" ml="auto">
            {onCancel && (
              <Button variant="default" size="xs" onClick={onCancel}>
                Cancel
              </Button>
            )}
            <Button type="submit" size="xs" loading={pending} data-testid="note-save">
              {submitLabel}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
