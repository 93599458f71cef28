import { CloseButton, Loader, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

const DEBOUNCE_MS = 250;

interface ListSearchProps {
  /** The search in use now. */
  value: string;
  onChange: (q: string) => void;
  searching?: boolean;
  /** What can be searched, e.g. "Search name, email, phone, company". */
  placeholder: string;
  /** e.g. "Search customers". */
  'aria-label': string;
  /** Its width from the xs breakpoint up (full width on phones). */
  width: number;
  'data-testid': string;
}

/** A list's search box: the list follows a quarter second after typing stops. */
export function ListSearch({ value, onChange, searching, placeholder, 'aria-label': label, width, 'data-testid': testId }: ListSearchProps) {
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
      placeholder={placeholder}
      aria-label={label}
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
      w={{ base: '100%', xs: width }}
      data-testid={testId}
    />
  );
}
