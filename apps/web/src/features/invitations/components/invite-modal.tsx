import { Badge, Button, FileButton, Group, Modal, ScrollArea, Select, Stack, Table, Tabs, Text, Textarea, TextInput } from '@mantine/core';
import { IconFileSpreadsheet, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { z } from 'zod';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useBulkInvite, useInvite, type BulkInviteResult } from '../api/invitations.ts';

export interface InviteRoleOption {
  id: string;
  key: string;
  name: string;
}

interface InviteModalProps {
  slug: string;
  roles: InviteRoleOption[];
  opened: boolean;
  onClose: () => void;
}

/** Invite one address, or many at once (pasted or from a CSV file), each with a role. */
export function InviteModal({ slug, roles, opened, onClose }: InviteModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Invite people" size="lg" data-testid="invite-modal">
      {/* Mounted only while open: every opening starts on a clean first tab. */}
      {opened && <InviteTabs slug={slug} roles={roles} onClose={onClose} />}
    </Modal>
  );
}

function InviteTabs({ slug, roles, onClose }: Omit<InviteModalProps, 'opened'>) {
  const [tab, setTab] = useState<string | null>('single');
  // The owner role is handed over deliberately (member settings), never by invitation.
  const options = roles.filter((r) => r.key !== 'owner').map((r) => ({ value: r.id, label: r.name }));
  const defaultRoleId = roles.find((r) => r.key === 'agent')?.id ?? options[0]?.value ?? '';
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="single">One person</Tabs.Tab>
        <Tabs.Tab value="bulk">Many at once</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="single">
        <SingleInvite slug={slug} options={options} defaultRoleId={defaultRoleId} onDone={onClose} />
      </Tabs.Panel>
      <Tabs.Panel value="bulk">
        <BulkInvite slug={slug} options={options} defaultRoleId={defaultRoleId} onDone={onClose} />
      </Tabs.Panel>
    </Tabs>
  );
}

interface FormProps {
  slug: string;
  options: { value: string; label: string }[];
  defaultRoleId: string;
  onDone: () => void;
}

const singleSchema = z.object({
  email: z.email('Enter a valid email address').max(254),
  roleId: z.string().min(1, 'Choose a role'),
});

function SingleInvite({ slug, options, defaultRoleId, onDone }: FormProps) {
  const form = useZodForm(singleSchema, { email: '', roleId: defaultRoleId });
  const invite = useInvite(slug);
  const [error, setError] = useState<string | null>(null);
  const submit = form.onSubmit((data) => {
    setError(null);
    invite.mutate(data, {
      onSuccess: (invitation) => {
        notifySuccess(`We emailed an invitation to ${invitation.email}.`, 'Invitation sent');
        onDone();
      },
      onError: (err) => setError(form.applyServerError(err)),
    });
  });
  return (
    <form onSubmit={submit} noValidate data-testid="invite-single-form">
      <Stack gap="md">
        <FormError>{error}</FormError>
        <TextInput label="Email" type="email" placeholder="colleague@example.com" required data-autofocus {...form.textProps('email')} />
        <Select label="Role" data={options} allowDeselect={false} required {...form.selectProps('roleId')} data-testid="invite-role" />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={invite.isPending} leftSection={<IconUserPlus size={16} aria-hidden />} data-testid="invite-submit">
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const bulkSchema = z.object({
  text: z.string().trim().min(3, 'Paste at least one email address').max(200_000, 'That is too much text; split it up'),
  roleId: z.string().min(1, 'Choose a role'),
});

const MAX_FILE_BYTES = 1_000_000;

function BulkInvite({ slug, options, defaultRoleId, onDone }: FormProps) {
  const form = useZodForm(bulkSchema, { text: '', roleId: defaultRoleId });
  const bulk = useBulkInvite(slug);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkInviteResult | null>(null);

  const readFile = async (file: File | null) => {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      notifyError(new Error('Choose a file under 1 MB.'), 'File too large');
      return;
    }
    form.setValue('text', await file.text());
  };

  const submit = form.onSubmit((data) => {
    setError(null);
    bulk.mutate(data, {
      onSuccess: (answer) => {
        setResult(answer);
        if (answer.invited > 0) notifySuccess(`${answer.invited} invitation${answer.invited === 1 ? '' : 's'} sent.`, 'Invitations sent');
      },
      onError: (err) => setError(form.applyServerError(err)),
    });
  });

  if (result) return <BulkResults result={result} onAgain={() => setResult(null)} onDone={onDone} />;

  return (
    <form onSubmit={submit} noValidate data-testid="invite-bulk-form">
      <Stack gap="md">
        <FormError>{error}</FormError>
        <Textarea
          label="Email addresses"
          description="One per line, or separated by commas or semicolons. CSV lines “email,role-key” set a role per person."
          placeholder={'ana@example.com\nben@example.com, viewer'}
          autosize
          minRows={5}
          maxRows={12}
          required
          {...form.textProps('text')}
          data-testid="invite-bulk-text"
        />
        <Group gap="xs">
          <FileButton onChange={(file) => void readFile(file)} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button {...props} variant="default" size="xs" leftSection={<IconFileSpreadsheet size={14} aria-hidden />}>
                Load a CSV file
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed">
            Read in your browser, then sent as text.
          </Text>
        </Group>
        <Select
          label="Role"
          description="For addresses without a role of their own."
          data={options}
          allowDeselect={false}
          required
          {...form.selectProps('roleId')}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={bulk.isPending} data-testid="invite-bulk-submit">
            Send invitations
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const statusColors = { invited: 'teal', already_member: 'gray', already_invited: 'blue', invalid: 'red' } as const;
const statusLabels = { invited: 'Invited', already_member: 'Already a member', already_invited: 'Already invited', invalid: 'Invalid' } as const;

function BulkResults({ result, onAgain, onDone }: { result: BulkInviteResult; onAgain: () => void; onDone: () => void }) {
  const problems = result.results.filter((r) => r.status === 'invalid').length;
  return (
    <Stack gap="md" data-testid="invite-bulk-results">
      <Text size="sm">
        <b>{result.invited}</b> invited out of {result.results.length} line{result.results.length === 1 ? '' : 's'}
        {problems > 0 ? `; ${problems} could not be read.` : '.'}
      </Text>
      <ScrollArea.Autosize mah={320}>
        <Table verticalSpacing={6} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>Line</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.results.map((row) => (
              <Table.Tr key={`${row.line}-${row.email}`} data-testid="invite-bulk-result" data-status={row.status}>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {row.line}
                  </Text>
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Text size="sm">{row.email || '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <Badge color={statusColors[row.status]}>{statusLabels[row.status]}</Badge>
                    {row.message && (
                      <Text size="xs" c="dimmed">
                        {row.message}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onAgain}>
          Invite more
        </Button>
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
