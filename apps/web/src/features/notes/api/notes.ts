import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { pageOf } from '@grip/contracts/common';
import { noteSchema } from '@grip/contracts/notes';
import { apiFetch } from '@/lib/api.ts';

const PAGE_SIZE = 20;
const notesPageSchema = pageOf(noteSchema);
const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const customerNotesPath = (slug: string, customerId: string) => `${workspacePath(slug)}/customers/${encodeURIComponent(customerId)}/notes`;
const notePath = (slug: string, noteId: string) => `${workspacePath(slug)}/notes/${encodeURIComponent(noteId)}`;

export const notesQueryKey = (slug: string, customerId: string) => ['notes', slug, customerId] as const;

/** A customer's notes, newest first. */
export const getNotesQueryOptions = (slug: string, customerId: string) =>
  infiniteQueryOptions({
    queryKey: notesQueryKey(slug, customerId),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (pageParam) query.set('cursor', pageParam);
      return apiFetch(`${customerNotesPath(slug, customerId)}?${query.toString()}`, { schema: notesPageSchema, signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export function useNotes(slug: string, customerId: string) {
  return useInfiniteQuery(getNotesQueryOptions(slug, customerId));
}

/** Notes also appear in the customer's activity timeline, which lives under the customers' keys. */
function useNotesMutation<T, R>(slug: string, customerId: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: notesQueryKey(slug, customerId) }),
        queryClient.invalidateQueries({ queryKey: ['customers', slug, 'detail', customerId, 'timeline'] }),
      ]),
  });
}

export const useCreateNote = (slug: string, customerId: string) =>
  useNotesMutation(slug, customerId, (body: string) =>
    apiFetch(customerNotesPath(slug, customerId), { method: 'POST', body: { body }, schema: noteSchema }),
  );

export const useUpdateNote = (slug: string, customerId: string) =>
  useNotesMutation(slug, customerId, ({ noteId, body }: { noteId: string; body: string }) =>
    apiFetch(notePath(slug, noteId), { method: 'PATCH', body: { body }, schema: noteSchema }),
  );

export const useDeleteNote = (slug: string, customerId: string) =>
  useNotesMutation(slug, customerId, (noteId: string) => apiFetch(notePath(slug, noteId), { method: 'DELETE', schema: z.unknown() }));
