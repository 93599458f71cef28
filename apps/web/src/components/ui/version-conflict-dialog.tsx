import { Button, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';

/** One field of a record in a save conflict, each version as the user reads it. */
export interface ConflictField {
  key: string;
  label: string;
  /** What the edit started from. */
  before: string;
  /** What is saved now (someone else's save). */
  theirs: string;
  /** What an overwrite would save: theirs plus this user's changes. */
  mine: string;
}

interface VersionConflictDialogProps {
  /** e.g. "Someone changed this customer while you were editing". */
  title: string;
  fields: ConflictField[];
  overwriting: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}

/**
 * A save hit a newer version (409). Shows the fields that differ — changed by them, by me, or both — with what is
 * saved now ("theirs") and what an overwrite would save ("mine").
 */
export function VersionConflictDialog({ title, fields, overwriting, onReload, onOverwrite, onClose }: VersionConflictDialogProps) {
  const differing = fields.filter((field) => field.theirs !== field.before || field.theirs !== field.mine);
  return (
    <Modal opened onClose={onClose} title={title} size="lg" data-testid="conflict-dialog">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Your changes were not saved. Keep what is saved now and drop your edits, or save yours over it (their changes to other fields are kept).
        </Text>
        <ScrollArea type="auto">
          <Table striped withTableBorder miw={420} data-testid="conflict-diff">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Field</Table.Th>
                <Table.Th>Theirs (saved)</Table.Th>
                <Table.Th>Mine</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {differing.map((field) => (
                <Table.Tr key={field.key}>
                  <Table.Td fw={500}>{field.label}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{field.theirs}</Table.Td>
                  <Table.Td c={field.mine !== field.theirs ? 'orange' : undefined} style={{ overflowWrap: 'anywhere' }}>
                    {field.mine}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onReload} data-testid="conflict-reload">
            Reload theirs
          </Button>
          <Button color="orange" onClick={onOverwrite} loading={overwriting} data-testid="conflict-overwrite">
            Overwrite with mine
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
