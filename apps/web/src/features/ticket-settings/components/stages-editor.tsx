import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Badge, Box, Button, ColorSwatch, Group, Paper, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconGripVertical, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import { z } from 'zod';
import { createStageBody, STAGE_CATEGORIES, type Pipeline, type Stage, type StageCategory } from '@grip/contracts/tickets';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { useZodForm } from '@/lib/form.ts';
import { notifyError, notifySuccess } from '@/lib/notify.ts';
import { useCreateStage, useDeleteStage, useReorderStages, useUpdateStage } from '../api/pipelines.ts';
import { STAGE_CATEGORY_INFO } from './stage-categories.ts';
import classes from './ticket-settings.module.css';

const categoryOptions = STAGE_CATEGORIES.map((category) => ({ value: category, label: STAGE_CATEGORY_INFO[category].label }));
const isCategory = (value: string | null): value is StageCategory => STAGE_CATEGORIES.some((c) => c === value);

function CategorySwatch({ category }: { category: StageCategory }) {
  return <ColorSwatch color={`var(--mantine-color-${STAGE_CATEGORY_INFO[category].color}-filled)`} size={12} withShadow={false} aria-hidden />;
}

/** Category picker whose options and current value carry the category's colour. */
function CategorySelect({ value, onChange, ...props }: { value: StageCategory; onChange: (category: StageCategory) => void; label?: string; 'aria-label'?: string; disabled?: boolean; 'data-testid'?: string; w?: number }) {
  return (
    <Select
      {...props}
      data={categoryOptions}
      value={value}
      onChange={(next) => isCategory(next) && onChange(next)}
      allowDeselect={false}
      leftSection={<CategorySwatch category={value} />}
      renderOption={({ option }) => (
        <Group gap={8} wrap="nowrap">
          {isCategory(option.value) && <CategorySwatch category={option.value} />}
          <div>
            <Text size="sm">{option.label}</Text>
            {isCategory(option.value) && (
              <Text size="xs" c="dimmed">
                {STAGE_CATEGORY_INFO[option.value].description}
              </Text>
            )}
          </div>
        </Group>
      )}
    />
  );
}

interface StagesEditorProps {
  workspace: string;
  pipeline: Pipeline;
  /** Without tickets:configure the stages are shown, not edited. */
  editable: boolean;
}

/** A pipeline's stages in board order: drag (or the arrows) to reorder, rename in place, change category, add, remove. */
export function StagesEditor({ workspace, pipeline, editable }: StagesEditorProps) {
  const reorder = useReorderStages(workspace);
  const [removing, setRemoving] = useState<Stage | null>(null);
  const stages = [...pipeline.stages].sort((a, b) => a.position - b.position);
  const ids = stages.map((s) => s.id);
  const sensors = useSensors(
    // A few pixels of movement before a drag starts, so a click on the handle stays a click.
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const moveTo = (from: number, to: number) => {
    if (from === to || to < 0 || to >= ids.length) return;
    reorder.mutate({ pipelineId: pipeline.id, stageIds: arrayMove(ids, from, to) }, { onError: (error) => notifyError(error, 'The stages could not be reordered') });
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    moveTo(ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
  };

  return (
    <Stack gap="md">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <Stack gap="xs" data-testid="stages-list">
            {stages.map((stage, index) => (
              <StageRow
                key={stage.id}
                workspace={workspace}
                pipelineId={pipeline.id}
                stage={stage}
                index={index}
                count={stages.length}
                editable={editable}
                onMove={(direction) => moveTo(index, index + direction)}
                onRemove={() => setRemoving(stage)}
              />
            ))}
          </Stack>
        </SortableContext>
      </DndContext>
      {editable && <AddStageForm key={pipeline.id} workspace={workspace} pipelineId={pipeline.id} />}
      {removing && <RemoveStageModal workspace={workspace} pipelineId={pipeline.id} stage={removing} onClose={() => setRemoving(null)} />}
    </Stack>
  );
}

interface StageRowProps {
  workspace: string;
  pipelineId: string;
  stage: Stage;
  index: number;
  count: number;
  editable: boolean;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}

function StageRow({ workspace, pipelineId, stage, index, count, editable, onMove, onRemove }: StageRowProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: stage.id, disabled: !editable });
  const update = useUpdateStage(workspace);
  const style = { transform: CSS.Translate.toString(transform), transition };

  // The mutations live here, not in the name field: the field starts over (and unmounts) once the new name is saved.
  const changeCategory = (category: StageCategory) =>
    update.mutate({ pipelineId, stageId: stage.id, category }, { onError: (error) => notifyError(error, 'The category could not be changed') });
  const rename = (name: string, onError: (message: string) => void) =>
    update.mutate(
      { pipelineId, stageId: stage.id, name },
      {
        onSuccess: () => notifySuccess(`Stage renamed to “${name}”.`),
        onError: (error) => onError(isApiError(error) && error.fields?.[0] ? `Name ${error.fields[0].message}` : error.message),
      },
    );

  return (
    <Paper
      ref={setNodeRef}
      style={style}
      p="xs"
      className={classes.stageRow}
      mod={{ dragging: isDragging }}
      data-testid="stage-row"
      data-stage-name={stage.name}
    >
      <Group gap="xs" wrap="wrap">
        <Group gap={4} wrap="nowrap" style={{ flex: '1 1 220px' }} miw={0}>
          {editable && (
            <ActionIcon
              ref={setActivatorNodeRef}
              {...attributes}
              {...listeners}
              variant="subtle"
              color="gray"
              className={classes.handle}
              aria-label={`Drag to reorder ${stage.name}`}
              data-testid="stage-drag-handle"
            >
              <IconGripVertical size={16} aria-hidden />
            </ActionIcon>
          )}
          <Text size="sm" c="dimmed" w={20} ta="right" aria-hidden>
            {index + 1}
          </Text>
          {editable ? (
            <StageNameInput key={stage.name} stage={stage} saving={update.isPending} onRename={rename} />
          ) : (
            <Text fw={500} px="xs" data-testid="stage-name">
              {stage.name}
            </Text>
          )}
        </Group>
        <Group gap={4} wrap="nowrap" ml="auto">
          {editable ? (
            <CategorySelect
              value={stage.category}
              onChange={changeCategory}
              aria-label={`Category of ${stage.name}`}
              disabled={update.isPending}
              w={140}
              data-testid="stage-category"
            />
          ) : (
            <Badge color={STAGE_CATEGORY_INFO[stage.category].color} data-testid="stage-category-badge">
              {STAGE_CATEGORY_INFO[stage.category].label}
            </Badge>
          )}
          {editable && (
            <>
              <Tooltip label="Move up">
                <ActionIcon aria-label={`Move ${stage.name} up`} disabled={index === 0} onClick={() => onMove(-1)} data-testid="stage-up">
                  <IconArrowUp size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Move down">
                <ActionIcon aria-label={`Move ${stage.name} down`} disabled={index === count - 1} onClick={() => onMove(1)} data-testid="stage-down">
                  <IconArrowDown size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={count === 1 ? 'A pipeline needs at least one stage' : 'Remove stage'}>
                <ActionIcon color="red" aria-label={`Remove ${stage.name}`} disabled={count === 1} onClick={onRemove} data-testid="stage-remove">
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
            </>
          )}
        </Group>
      </Group>
    </Paper>
  );
}

const stageNameSchema = createStageBody.shape.name;

interface StageNameInputProps {
  stage: Stage;
  saving: boolean;
  /** Saves the new name; `onError` puts the server's reason under the field. */
  onRename: (name: string, onError: (message: string) => void) => void;
}

/**
 * Rename in place: saved on Enter or when the field loses focus; Escape puts the saved name back. Keyed by the saved
 * name, so it starts over when the name changes on the server.
 */
function StageNameInput({ stage, saving, onRename }: StageNameInputProps) {
  const [name, setName] = useState(stage.name);
  const [error, setError] = useState<string | null>(null);

  const commit = () => {
    const parsed = stageNameSchema.safeParse(name);
    if (!parsed.success) {
      setError(`Name ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
      return;
    }
    setError(null);
    if (parsed.data === stage.name) setName(stage.name);
    else onRename(parsed.data, setError);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commit();
    } else if (event.key === 'Escape') {
      setName(stage.name);
      setError(null);
    }
  };

  return (
    <TextInput
      value={name}
      onChange={(event) => setName(event.currentTarget.value)}
      onBlur={commit}
      onKeyDown={onKeyDown}
      error={error}
      readOnly={saving}
      variant="filled"
      aria-label={`Name of stage ${stage.name}`}
      style={{ flex: 1 }}
      miw={0}
      data-testid="stage-name-input"
    />
  );
}

const addStageSchema = z.object({ name: stageNameSchema, category: createStageBody.shape.category });

function AddStageForm({ workspace, pipelineId }: { workspace: string; pipelineId: string }) {
  const create = useCreateStage(workspace);
  const form = useZodForm(addStageSchema, { name: '', category: 'open' });
  const [error, setError] = useState<string | null>(null);

  const submit = form.onSubmit((data) => {
    setError(null);
    create.mutate(
      { pipelineId, ...data },
      {
        onSuccess: () => {
          notifySuccess(`Stage “${data.name}” added.`);
          form.reset();
        },
        onError: (err) => setError(form.applyServerError(err)),
      },
    );
  });

  return (
    <Box component="form" onSubmit={submit} noValidate data-testid="add-stage-form">
      <Stack gap="xs">
        <Group gap="xs" align="flex-start" wrap="wrap">
          <TextInput {...form.textProps('name')} placeholder="New stage name" aria-label="New stage name" style={{ flex: '1 1 200px' }} />
          <CategorySelect
            value={form.values.category}
            onChange={(category) => form.setValue('category', category)}
            aria-label="New stage category"
            w={140}
            data-testid="add-stage-category"
          />
          <Button type="submit" variant="light" leftSection={<IconPlus size={16} aria-hidden />} loading={create.isPending}>
            Add stage
          </Button>
        </Group>
        <FormError>{error}</FormError>
      </Stack>
    </Box>
  );
}

const stageNotEmptyDetails = z.object({ count: z.number().int() });

interface RemoveError {
  title: string;
  message: string;
}

/** Why a stage cannot go, in words that say what to do. */
function removeStageError(error: unknown): RemoveError {
  if (!isApiError(error)) return { title: 'The stage could not be removed', message: error instanceof Error ? error.message : 'Something went wrong.' };
  if (error.code === 'stage_not_empty') {
    const details = stageNotEmptyDetails.safeParse(error.details);
    const tickets = details.success ? `${details.data.count.toLocaleString()} ${details.data.count === 1 ? 'ticket' : 'tickets'}` : 'tickets';
    return { title: 'This stage still has tickets', message: `Move the ${tickets} in this stage first: only an empty stage can be removed.` };
  }
  if (error.code === 'last_stage') return { title: 'This is the only stage', message: 'A pipeline needs at least one stage: add another before removing this one.' };
  return { title: 'The stage could not be removed', message: error.message };
}

function RemoveStageModal({ workspace, pipelineId, stage, onClose }: { workspace: string; pipelineId: string; stage: Stage; onClose: () => void }) {
  const remove = useDeleteStage(workspace);
  const [error, setError] = useState<RemoveError | null>(null);
  return (
    <ConfirmModal
      opened
      title={`Remove “${stage.name}”?`}
      confirmLabel="Remove stage"
      danger
      loading={remove.isPending}
      onClose={onClose}
      onConfirm={() => {
        setError(null);
        remove.mutate(
          { pipelineId, stageId: stage.id },
          {
            onSuccess: () => {
              notifySuccess(`Stage “${stage.name}” removed.`);
              onClose();
            },
            onError: (err) => setError(removeStageError(err)),
          },
        );
      }}
    >
      <Stack gap="sm">
        <span>The stage disappears from the board. Only a stage without tickets can be removed.</span>
        <FormError title={error?.title} data-testid="stage-remove-error">
          {error?.message}
        </FormError>
      </Stack>
    </ConfirmModal>
  );
}
