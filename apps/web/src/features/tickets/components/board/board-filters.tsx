import { Button, Chip, Group, MultiSelect, Select } from '@mantine/core';
import { IconAlertTriangle, IconFilterOff, IconUser, IconUserQuestion } from '@tabler/icons-react';
import type { Pipeline, Priority } from '@grip/contracts/tickets';
import { cleanBoardSearch, isBoardFiltered, type BoardSearch } from './board-search.ts';
import { PRIORITIES_BY_URGENCY, PRIORITY_LABELS } from '@/components/tickets/ticket-badges.tsx';
import { TicketSearch } from './ticket-search.tsx';

const PRIORITY_OPTIONS = PRIORITIES_BY_URGENCY.map((value) => ({ value, label: PRIORITY_LABELS[value] }));

interface BoardFiltersProps {
  search: BoardSearch;
  onChange: (next: BoardSearch) => void;
  pipelines: Pipeline[];
  /** The pipeline the board shows (the default one until another is chosen). */
  pipelineId: string | undefined;
  searching: boolean;
}

/** One click each: mine, unassigned, overdue; priorities; a search; the pipeline when there is more than one. */
export function BoardFilters({ search, onChange, pipelines, pipelineId, searching }: BoardFiltersProps) {
  const set = (patch: Partial<BoardSearch>) => onChange(cleanBoardSearch({ ...search, ...patch }));
  return (
    <Group gap="xs" wrap="wrap" data-testid="board-filters">
      {pipelines.length > 1 && (
        <Select
          aria-label="Pipeline"
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={pipelineId ?? null}
          onChange={(value) => set({ pipeline: value ?? undefined })}
          allowDeselect={false}
          w={{ base: '100%', xs: 200 }}
          data-testid="board-pipeline"
        />
      )}
      <TicketSearch value={search.q ?? ''} onChange={(q) => set({ q })} searching={searching} data-testid="board-search" />
      <Chip checked={search.mine === true} onChange={(checked) => set({ mine: checked })} icon={<IconUser size={14} aria-hidden />} wrapperProps={{ 'data-testid': 'board-filter-mine' }}>
        Mine
      </Chip>
      <Chip
        checked={search.unassigned === true}
        onChange={(checked) => set({ unassigned: checked })}
        icon={<IconUserQuestion size={14} aria-hidden />}
        wrapperProps={{ 'data-testid': 'board-filter-unassigned' }}
      >
        Unassigned
      </Chip>
      <Chip
        checked={search.overdue === true}
        onChange={(checked) => set({ overdue: checked })}
        color="red"
        icon={<IconAlertTriangle size={14} aria-hidden />}
        wrapperProps={{ 'data-testid': 'board-filter-overdue' }}
      >
        Overdue
      </Chip>
      <MultiSelect
        aria-label="Priority"
        placeholder={search.priority?.length ? undefined : 'Any priority'}
        data={PRIORITY_OPTIONS}
        value={search.priority ?? []}
        onChange={(value) => set({ priority: value as Priority[] })}
        clearable
        w={{ base: '100%', xs: 240 }}
        data-testid="board-filter-priority"
      />
      {isBoardFiltered(search) && (
        <Button
          variant="subtle"
          color="gray"
          size="sm"
          leftSection={<IconFilterOff size={14} aria-hidden />}
          onClick={() => onChange(cleanBoardSearch({ pipeline: search.pipeline }))}
          data-testid="board-clear-filters"
        >
          Clear
        </Button>
      )}
    </Group>
  );
}
