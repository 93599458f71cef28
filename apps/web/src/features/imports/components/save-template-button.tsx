import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import { z } from 'zod';
import type { ImportDetail } from '@grip/contracts/imports';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useCreateImportTemplate } from '../api/imports.ts';

const formSchema = z.object({ name: z.string().trim().min(1, 'Give the template a name').max(80, 'At most 80 characters') });

/** The file's headers → field keys of the mapped columns: what a template stores. */
function headerMapping(detail: ImportDetail): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const [column, field] of Object.entries(detail.mapping)) {
    const header = detail.headers[Number(column)];
    if (field && header) mapping[header] = field;
  }
  return mapping;
}

/** "Save as template": the current mapping and duplicate handling under a name, offered for the next files. */
export function SaveTemplateButton({ workspace, detail }: { workspace: string; detail: ImportDetail }) {
  const [opened, { open, close }] = useDisclosure(false);
  const create = useCreateImportTemplate(workspace);
  const form = useZodForm(formSchema, { name: '' });
  const [formError, setFormError] = useState<string | null>(null);
  const mapping = headerMapping(detail);
  const count = Object.keys(mapping).length;

  const dismiss = () => {
    close();
    form.reset();
    setFormError(null);
    create.reset();
  };
  const submit = form.onSubmit(({ name }) => {
    setFormError(null);
    create.mutate(
      { entity: detail.entity, name, mapping, duplicateMode: detail.duplicateMode, matchKey: detail.matchKey },
      {
        onSuccess: (template) => {
          notifySuccess(`Files with these columns will be offered “${template.name}”.`, 'Template saved');
          dismiss();
        },
        onError: (error) => setFormError(form.applyServerError(error)),
      },
    );
  });

  return (
    <>
      <Button variant="default" leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={open} disabled={count === 0} data-testid="import-template-save">
        Save as template
      </Button>
      <Modal opened={opened} onClose={dismiss} title="Save the mapping as a template" data-testid="import-template-modal">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {count} {count === 1 ? 'column' : 'columns'} with their fields, and the duplicate handling. Files with the same column names will be offered it.
            </Text>
            <FormError>{formError}</FormError>
            <TextInput label="Name" placeholder="e.g. Broker export" required data-autofocus {...form.textProps('name')} data-testid="import-template-name" />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={dismiss}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="import-template-submit">
                Save template
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
