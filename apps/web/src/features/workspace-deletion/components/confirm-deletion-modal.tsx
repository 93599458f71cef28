import { Alert, Button, Code, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '@/components/ui/form-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { useConfirmDeletion } from '../api/workspace-deletion.ts';

interface ConfirmDeletionModalProps {
  opened: boolean;
  onClose: () => void;
  slug: string;
  workspaceName: string;
  graceHours: number;
}

/** The last step: the workspace's name typed exactly; the button stays disabled until it matches. */
export function ConfirmDeletionModal({ opened, onClose, slug, workspaceName, graceHours }: ConfirmDeletionModalProps) {
  const [typed, setTyped] = useState('');
  const confirm = useConfirmDeletion(slug);
  const matches = typed === workspaceName;
  const close = () => {
    setTyped('');
    confirm.reset();
    onClose();
  };
  const fieldError = isApiError(confirm.error) ? confirm.error.fields?.find((f) => f.field === 'body.name')?.message : undefined;
  return (
    <Modal opened={opened} onClose={close} title="Delete this workspace?" data-testid="confirm-deletion-modal">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (matches) confirm.mutate(typed, { onSuccess: close });
        }}
        noValidate
      >
        <Stack gap="md">
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />}>
            <Text size="sm">
              In {graceHours === 1 ? 'one hour' : `${graceHours} hours`} every record, file and member of “{workspaceName}” is deleted for good. Until then
              the workspace keeps working and the deletion can be cancelled.
            </Text>
          </Alert>
          <List size="sm" spacing={4}>
            <List.Item>Owners and admins are told by email.</List.Item>
            <List.Item>Keep the final archive: it is the only copy left afterwards.</List.Item>
          </List>
          <TextInput
            label={
              <>
                Type <Code>{workspaceName}</Code> to confirm
              </>
            }
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            spellCheck={false}
            error={fieldError}
            data-autofocus
            data-testid="confirm-deletion-name"
          />
          {confirm.error && !fieldError && <FormError data-testid="confirm-deletion-error">{confirm.error.message}</FormError>}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Keep the workspace
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={confirm.isPending} data-testid="confirm-deletion-submit">
              Delete workspace
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
