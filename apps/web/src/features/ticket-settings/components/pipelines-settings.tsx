import { ActionIcon, Badge, Button, Card, Group, Menu, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconDots, IconPencil, IconPlus, IconStar, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Pipeline } from '@grip/contracts/tickets';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useDeletePipeline, usePipelines, useSetDefaultPipeline } from '../api/pipelines.ts';
import { PipelineNameModal } from './pipeline-name-modal.tsx';
import { StagesEditor } from './stages-editor.tsx';

type Dialog = { kind: 'create' } | { kind: 'rename'; pipeline: Pipeline } | { kind: 'delete'; pipeline: Pipeline } | null;

/** The workspace's pipelines: pick one to see (and, with tickets:configure, change) its stages. */
export function PipelinesSettings({ workspace, editable }: { workspace: string; editable: boolean }) {
  const pipelines = usePipelines(workspace);
  const setDefault = useSetDefaultPipeline(workspace);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  if (pipelines.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading pipelines">
        <Stack gap="sm">
          <Skeleton h={36} w={280} />
          {[0, 1, 2, 3].map((key) => (
            <Skeleton key={key} h={48} />
          ))}
        </Stack>
      </Card>
    );
  }
  if (pipelines.isError) {
    return <QueryError title="Pipelines could not be loaded" error={pipelines.error} onRetry={() => void pipelines.refetch()} retrying={pipelines.isFetching} />;
  }

  const list = pipelines.data;
  // The one picked, or (none picked, or it was deleted) the default, which the server lists first.
  const pipeline = list.find((p) => p.id === selectedId) ?? list[0];

  return (
    <Card data-testid="pipelines-settings">
      <Stack gap="md">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Stack gap={2}>
            <Title order={2} fz="lg" fw={650} c="bright">
              Stages
            </Title>
            <Text size="sm" c="dimmed">
              The board’s columns, left to right. Each stage counts as open, waiting or done.
            </Text>
          </Stack>
          {editable && (
            <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog({ kind: 'create' })} data-testid="pipeline-new">
              New pipeline
            </Button>
          )}
        </Group>

        {!pipeline ? (
          <Text c="dimmed" size="sm">
            This workspace has no pipeline yet.
          </Text>
        ) : (
          <>
            <Group gap="xs" wrap="nowrap">
              <Select
                label="Pipeline"
                data={list.map((p) => ({ value: p.id, label: p.name }))}
                value={pipeline.id}
                onChange={(id) => id && setSelectedId(id)}
                allowDeselect={false}
                style={{ flex: '0 1 320px' }}
                miw={0}
                data-testid="pipeline-select"
              />
              {pipeline.isDefault && (
                <Badge mt={24} color="grip" data-testid="pipeline-default-badge">
                  Default
                </Badge>
              )}
              {editable && (
                <Menu position="bottom-end">
                  <Menu.Target>
                    <ActionIcon mt={24} size="lg" aria-label={`Actions for pipeline ${pipeline.name}`} data-testid="pipeline-actions">
                      <IconDots size={18} aria-hidden />
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setDialog({ kind: 'rename', pipeline })}>
                      Rename
                    </Menu.Item>
                    <Menu.Item
                      leftSection={<IconStar size={16} aria-hidden />}
                      disabled={pipeline.isDefault || setDefault.isPending}
                      onClick={() =>
                        setDefault.mutate(pipeline.id, {
                          onSuccess: () => notifySuccess(`New tickets now go to “${pipeline.name}”.`, 'Default pipeline changed'),
                          onError: (error) => notifyError(error, 'The default could not be changed'),
                        })
                      }
                    >
                      Make default
                    </Menu.Item>
                    <Menu.Divider />
                    <Menu.Item
                      color="red"
                      leftSection={<IconTrash size={16} aria-hidden />}
                      disabled={pipeline.isDefault}
                      onClick={() => setDialog({ kind: 'delete', pipeline })}
                    >
                      {pipeline.isDefault ? 'Delete (make another default first)' : 'Delete'}
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              )}
            </Group>
            <StagesEditor key={pipeline.id} workspace={workspace} pipeline={pipeline} editable={editable} />
          </>
        )}
      </Stack>

      {(dialog?.kind === 'create' || dialog?.kind === 'rename') && (
        <PipelineNameModal
          workspace={workspace}
          pipeline={dialog.kind === 'rename' ? dialog.pipeline : null}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setSelectedId(saved.id);
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeletePipelineModal
          workspace={workspace}
          pipeline={dialog.pipeline}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setSelectedId(null);
            setDialog(null);
          }}
        />
      )}
    </Card>
  );
}

function deletePipelineError(error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : 'The pipeline could not be deleted.';
  if (error.code === 'pipeline_not_empty') return 'This pipeline still has tickets. Move them to another pipeline first.';
  if (error.code === 'default_pipeline') return 'The default pipeline cannot be deleted. Make another pipeline the default first.';
  return error.message;
}

function DeletePipelineModal({ workspace, pipeline, onClose, onDeleted }: { workspace: string; pipeline: Pipeline; onClose: () => void; onDeleted: () => void }) {
  const remove = useDeletePipeline(workspace);
  const [error, setError] = useState<string | null>(null);
  return (
    <ConfirmModal
      opened
      title={`Delete “${pipeline.name}”?`}
      confirmLabel="Delete pipeline"
      danger
      loading={remove.isPending}
      onClose={onClose}
      onConfirm={() => {
        setError(null);
        remove.mutate(pipeline.id, {
          onSuccess: () => {
            notifySuccess(`Pipeline “${pipeline.name}” deleted.`);
            onDeleted();
          },
          onError: (err) => setError(deletePipelineError(err)),
        });
      }}
    >
      <Stack gap="sm">
        <span>The pipeline and its {pipeline.stages.length} stages are deleted. Only a pipeline without tickets can be deleted.</span>
        <FormError data-testid="pipeline-delete-error">{error}</FormError>
      </Stack>
    </ConfirmModal>
  );
}
