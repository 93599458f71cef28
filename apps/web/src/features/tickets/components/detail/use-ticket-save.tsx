import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Ticket } from '@grip/contracts/tickets';
import { notifyError } from '@/lib/notify.ts';
import { conflictingTicket, ticketKeys, useUpdateTicket, type TicketChanges } from '../../api/ticket.ts';
import { TicketConflictDialog } from './ticket-conflict-dialog.tsx';

export interface SaveCallbacks {
  onSaved?: (ticket: Ticket) => void;
  /** The user chose "Reload theirs" after a conflict: drop the local edit. */
  onDiscarded?: () => void;
  /** Any failure but a conflict; a toast is shown when this is not given. */
  onFailed?: (error: unknown) => void;
}

interface Conflict {
  original: Ticket;
  current: Ticket;
  changes: TicketChanges;
  callbacks: SaveCallbacks;
}

/**
 * Saves changes to a ticket with the version they were made on. A 409 version_conflict opens the conflict dialog
 * (reload theirs, or overwrite with mine); render `dialog` somewhere on the page.
 */
export function useTicketSave(workspace: string, ticket: Ticket) {
  const queryClient = useQueryClient();
  const update = useUpdateTicket(workspace, ticket.id);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const send = (base: Ticket, changes: TicketChanges, callbacks: SaveCallbacks) => {
    update.mutate(
      { version: base.version, ...changes },
      {
        onSuccess: (saved) => {
          setConflict(null);
          callbacks.onSaved?.(saved);
        },
        onError: (error) => {
          const current = conflictingTicket(error);
          if (current) {
            setConflict({ original: base, current, changes, callbacks });
            return;
          }
          setConflict(null);
          if (callbacks.onFailed) callbacks.onFailed(error);
          else notifyError(error, 'The ticket could not be saved');
        },
      },
    );
  };

  // The version as cached at call time: a blur may save right after another save landed, before a re-render.
  const latest = () => queryClient.getQueryData<Ticket>(ticketKeys.detail(workspace, ticket.id)) ?? ticket;
  const save = (changes: TicketChanges, callbacks: SaveCallbacks = {}) => send(latest(), changes, callbacks);

  const dialog = conflict && (
    <TicketConflictDialog
      original={conflict.original}
      current={conflict.current}
      changes={conflict.changes}
      overwriting={update.isPending}
      onReload={() => {
        queryClient.setQueryData(ticketKeys.detail(workspace, conflict.current.id), conflict.current);
        conflict.callbacks.onDiscarded?.();
        setConflict(null);
      }}
      onOverwrite={() => send(conflict.current, conflict.changes, conflict.callbacks)}
      onClose={() => setConflict(null)}
    />
  );

  return { save, saving: update.isPending, dialog };
}

export type TicketSave = ReturnType<typeof useTicketSave>['save'];
