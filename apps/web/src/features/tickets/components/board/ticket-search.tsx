import { CloseButton, Loader, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

const DEBOUNCE_MS = 250;

interface TicketSearchProps {
  /** The search in use now. */
  value: string;
  onChange: (q: string) => void;
  searching?: boolean;
  'data-testid'?: string;
}

/** One box over titles and numbers (`1042` or `#1042`); the board or list follows a quarter second after typing stops. */
export function TicketSearch({ value, onChange, searching, 'data-testid': testId = 'tickets-search' }: TicketSearchProps) {
  const [text, setText] = useState(value);
  const [sent, setSent] = useState(value);
  const [seen, setSeen] = useState(value);
  // A search changed elsewhere (a chip removed, a view applied) replaces the text; our own echo does not,
  // or a trailing space being typed would vanish when the trimmed search comes back.
  if (value !== seen) {
    setSeen(value);
    if (value !== sent) setText(value);
  }
  const send = useDebouncedCallback((next: string) => {
    const q = next.trim();
    setSent(q);
    onChange(q);
  }, DEBOUNCE_MS);

  return (
    <TextInput
      type="search"
      placeholder="Search title or #number"
      aria-label="Search tickets"
      leftSection={<IconSearch size={16} aria-hidden />}
      rightSection={
        searching ? (
          <Loader size={14} aria-label="Searching" />
        ) : text ? (
          <CloseButton
            size="sm"
            aria-label="Clear search"
            onClick={() => {
              setText('');
              send.cancel();
              setSent('');
              onChange('');
            }}
          />
        ) : null
      }
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        send(event.currentTarget.value);
      }}
      w={{ base: '100%', xs: 260 }}
      data-testid={testId}
    />
  );
}
