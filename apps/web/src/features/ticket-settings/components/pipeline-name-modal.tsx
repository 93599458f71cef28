import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { z } from 'zod';
import { createPipelineBody, type Pipeline } from '@grip/contracts/tickets';
import { FormError } from '@/components/ui/form-error.tsx';
import { useZodForm } from '@/lib/form.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { useCreatePipeline, useRenamePipeline } from '../api/pipelines.ts';

const schema = z.object({ name: createPipelineBody.shape.name });

interface PipelineNameModalProps {
  workspace: string;
  /** The pipeline to rename; null creates one. */
  pipeline: Pipeline | null;
  onClose: () => void;
  onSaved: (pipeline: Pipeline) => void;
}

/** Create a pipeline (with the standard stages, to adjust afterwards) or rename one. Mounted only while open. */
export function PipelineNameModal({ workspace, pipeline, onClose, onSaved }: PipelineNameModalProps) {
  const create = useCreatePipeline(workspace);
  const rename = useRenamePipeline(workspace);
  const form = useZodForm(schema, { name: pipeline?.name ?? '' });
  const [error, setError] = useState<string | null>(null);
  const pending = create.isPending || rename.isPending;

  const submit = form.onSubmit(({ name }) => {
    setError(null);
    const handlers = {
      onSuccess: (saved: Pipeline) => {
        notifySuccess(pipeline ? `Pipeline renamed to “${saved.name}”.` : `Pipeline “${saved.name}” created.`);
        onSaved(saved);
      },
      onError: (err: Error) => setError(form.applyServerError(err)),
    };
    if (pipeline) rename.mutate({ pipelineId: pipeline.id, name }, handlers);
    else create.mutate({ name }, handlers);
  });

  return (
    <Modal opened onClose={onClose} title={pipeline ? 'Rename pipeline' : 'New pipeline'}>
      <form onSubmit={submit} noValidate data-testid="pipeline-form">
        <Stack gap="md">
          <TextInput {...form.textProps('name')} label="Name" placeholder="e.g. Claims" required data-autofocus />
          {!pipeline && (
            <Text size="sm" c="dimmed">
              It starts with the stages New, In Progress, Waiting and Completed; change them afterwards.
            </Text>
          )}
          <FormError>{error}</FormError>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={pending}>
              {pipeline ? 'Rename' : 'Create pipeline'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
