import { Badge, Button, Card, EmptyState } from '@mantine/core';
import { IconAlertTriangle, IconFilter, IconFilterOff } from '@tabler/icons-react';
import type { ViewState } from '@grip/contracts/customers';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { ViewsMenu } from '@/components/saved-views/views-menu.tsx';
import { TableSkeleton } from '@/components/ui/table-skeleton.tsx';
import { isApiError } from '@/lib/api.ts';
import { listStateActions, sameState, toListState, type CurrentView, type ListKind } from './list-state.ts';

// The parts every record list with search, filters and saved views shows around its DataTable.

/** Until the list knows what to show (the last state is read). */
export function ListLoading({ label }: { label: string }) {
  return (
    <Card p={0}>
      <TableSkeleton rows={8} label={label} />
    </Card>
  );
}

/** Opens the filters drawer; the badge counts the conditions in use. */
export function FiltersButton({ active, onClick, 'data-testid': testId }: { active: number; onClick: () => void; 'data-testid': string }) {
  return (
    <Button
      variant="default"
      leftSection={<IconFilter size={16} aria-hidden />}
      rightSection={
        active > 0 ? (
          <Badge size="sm" circle>
            {active}
          </Badge>
        ) : null
      }
      onClick={onClick}
      data-testid={testId}
    >
      Filters
    </Button>
  );
}

/** The saved views menu of a list whose state is a CurrentView. */
export function ListViewsMenu<F extends object>({
  slug,
  kind,
  defaultLabel,
  current,
  onChange,
}: {
  slug: string;
  kind: ListKind<F>;
  /** e.g. "All customers". */
  defaultLabel: string;
  current: CurrentView<F>;
  onChange: (next: CurrentView<F>) => void;
}) {
  const canShare = useHasPermission('views:share');
  return (
    <ViewsMenu
      slug={slug}
      resource={kind.resource}
      defaultLabel={defaultLabel}
      state={current.state as ViewState}
      viewId={current.viewId}
      shows={(view) => sameState(toListState(kind, view.state), current.state)}
      onApply={listStateActions(kind, current, onChange).applyView}
      onSaved={(view) => onChange({ ...current, viewId: view.id })}
      canShare={canShare}
    />
  );
}

/** A saved state the server no longer accepts (a field or stage since removed, say): nothing loads, and retrying will not help. */
export const isRejectedListState = (error: unknown, rowCount: number) => isApiError(error) && error.status === 400 && rowCount === 0;

/** What a list shows instead of rows when its state was refused: a way out, not a retry. */
export function RejectedListState({ error, resetLabel, onReset, 'data-testid': testId }: { error: unknown; resetLabel: string; onReset: () => void; 'data-testid': string }) {
  return (
    <EmptyState
      icon={<IconAlertTriangle size={28} aria-hidden />}
      withIndicatorBackground
      title="This list cannot be shown"
      description={`${error instanceof Error ? error.message : ''} The filters or sort may refer to something that no longer exists.`}
      data-testid={testId}
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={onReset}>
          {resetLabel}
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

/** A filtered list with no rows. */
export function NoMatchesState({ onClear, 'data-testid': testId }: { onClear: () => void; 'data-testid': string }) {
  return (
    <EmptyState
      icon={<IconFilterOff size={28} aria-hidden />}
      withIndicatorBackground
      title="Nothing matches these filters"
      description="Try other words, or fewer filters."
      data-testid={testId}
    >
      <EmptyState.Actions>
        <Button variant="default" onClick={onClear}>
          Clear filters
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
