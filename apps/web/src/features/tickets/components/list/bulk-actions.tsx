import { Button, Menu } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import type { Pipeline, TicketBulkAction, TicketBulkBody } from '@grip/contracts/tickets';
import { BulkBar, BulkMenu, MemberPicker, type MemberOption } from '@/components/bulk/bulk-bar.tsx';
import { BulkJobs, useBulkChange } from '@/components/bulk/bulk-jobs.tsx';
import type { SelectedRows } from '@/components/bulk/use-bulk-selection.ts';
import { ConfirmModal } from '@/components/ui/confirm-modal.tsx';
import { ticketsBulk } from '../../api/tickets-list.ts';
import { PRIORITIES_BY_URGENCY, PRIORITY_LABELS } from '@/components/tickets/ticket-badges.tsx';

interface BulkActionsProps extends SelectedRows<TicketBulkBody['selection']> {
  slug: string;
  /** tickets:update: stage, priority, close. */
  canUpdate: boolean;
  /** tickets:assign. */
  canAssign: boolean;
  /** Members who can be assigned (user ids). */
  members: MemberOption[];
  pipelines: Pipeline[];
}

/** The bar that floats over the list while rows are selected: assign, change stage or priority, close. */
export function BulkActions({ slug, selection, selectionLabel, onClear, canUpdate, canAssign, members, pipelines, overLimit }: BulkActionsProps) {
  const change = useBulkChange(ticketsBulk(slug));
  const [confirmClose, setConfirmClose] = useState(false);
  const disabled = overLimit !== undefined;
  const stageName = (id: string) => pipelines.flatMap((p) => p.stages).find((s) => s.id === id)?.name ?? 'the stage';
  const memberName = (id: string | null) => (id ? (members.find((m) => m.value === id)?.label ?? 'a member') : null);

  const run = (action: TicketBulkAction) => {
    if (!selection || disabled) return;
    change.run({ selection, action }, () => {
      setConfirmClose(false);
      onClear();
    });
  };

  const describe = (action: TicketBulkAction): string => {
    switch (action.type) {
      case 'assign':
        return action.assigneeId ? `Assigning to ${memberName(action.assigneeId)}` : 'Unassigning';
      case 'stage':
        return `Moving to ${stageName(action.stageId)}`;
      case 'priority':
        return `Changing the priority to ${PRIORITY_LABELS[action.priority]}`;
      case 'close':
        return 'Closing (moving to the first done stage of each pipeline)';
    }
  };

  return (
    <>
      <BulkBar opened={selection !== null} selectionLabel={selectionLabel} onClear={onClear} overLimit={overLimit} testIdPrefix="tickets">
        {canAssign && (
          <MemberPicker
            label="Assign"
            selectLabel="Assign to"
            noneLabel="Nobody (unassign)"
            applyLabel={(none) => (none ? 'Unassign' : 'Assign')}
            members={members}
            disabled={disabled}
            loading={change.isPending}
            onPick={(assigneeId) => run({ type: 'assign', assigneeId })}
            data-testid="bulk-assign"
          />
        )}
        {canUpdate && (
          <>
            <BulkMenu label="Stage" loading={change.isPending} disabled={disabled} data-testid="bulk-stage">
              {pipelines.map((pipeline) => (
                <Fragment key={pipeline.id}>
                  <Menu.Label>{pipelines.length > 1 ? `Move to (${pipeline.name})` : 'Move to'}</Menu.Label>
                  {pipeline.stages.map((stage) => (
                    <Menu.Item key={stage.id} onClick={() => run({ type: 'stage', stageId: stage.id })} data-testid="bulk-stage-option">
                      {stage.name}
                    </Menu.Item>
                  ))}
                </Fragment>
              ))}
            </BulkMenu>
            <BulkMenu label="Priority" loading={change.isPending} disabled={disabled} data-testid="bulk-priority">
              <Menu.Label>Change priority to</Menu.Label>
              {PRIORITIES_BY_URGENCY.map((priority) => (
                <Menu.Item key={priority} onClick={() => run({ type: 'priority', priority })} data-testid={`bulk-priority-${priority}`}>
                  {PRIORITY_LABELS[priority]}
                </Menu.Item>
              ))}
            </BulkMenu>
            <Button
              size="xs"
              variant="light"
              color="teal"
              leftSection={<IconCircleCheck size={14} aria-hidden />}
              disabled={disabled}
              onClick={() => setConfirmClose(true)}
              data-testid="bulk-close"
            >
              Close
            </Button>
          </>
        )}
      </BulkBar>
      <ConfirmModal
        opened={confirmClose}
        title="Close tickets"
        confirmLabel="Close tickets"
        loading={change.isPending}
        onClose={() => setConfirmClose(false)}
        onConfirm={() => run({ type: 'close' })}
      >
        Close <b>{selectionLabel}</b>? Each moves to the first done stage of its pipeline; they can be reopened by moving them back.
      </ConfirmModal>
      <BulkJobs change={change} describe={describe} noun="tickets" />
    </>
  );
}
