import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { memberSchema } from '@grip/contracts/access';
import { pageOf } from '@grip/contracts/common';
import { customerSchema } from '@grip/contracts/customers';
import {
  attachmentSchema,
  draftSchema,
  historyPageSchema,
  messagePageSchema,
  messageSchema,
  pipelineListSchema,
  ticketPageSchema,
  ticketSchema,
  type Attachment,
  type CreateTicketBody,
  type Draft,
  type Ticket,
  type UpdateTicketBody,
} from '@grip/contracts/tickets';
import { ApiError, apiFetch, isApiError, parseJsonText, toApiError } from '@/lib/api.ts';
import { ticketsQueryKey } from './tickets-list.ts';

const workspacePath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}`;
const ticketsPath = (slug: string) => `${workspacePath(slug)}/tickets`;
const ticketPath = (slug: string, id: string) => `${ticketsPath(slug)}/${encodeURIComponent(id)}`;
const draftPath = (slug: string, key: string) => `${workspacePath(slug)}/drafts/${encodeURIComponent(key)}`;

/** The path that downloads an attachment (the server answers with `Content-Disposition: attachment`). */
export const attachmentUrl = (slug: string, ticketId: string, attachmentId: string) =>
  `${ticketPath(slug, ticketId)}/attachments/${encodeURIComponent(attachmentId)}`;

/**
 * Query keys of one ticket and its parts. All start with the lists' `ticketsQueryKey`, so a change anywhere refreshes
 * lists, board and counts too.
 */
export const ticketKeys = {
  all: ticketsQueryKey,
  detail: (slug: string, id: string) => [...ticketKeys.all(slug), 'detail', id] as const,
  history: (slug: string, id: string) => [...ticketKeys.detail(slug, id), 'history'] as const,
  messages: (slug: string, id: string) => [...ticketKeys.detail(slug, id), 'messages'] as const,
  ofCustomer: (slug: string, customerId: string) => [...ticketKeys.all(slug), 'customer', customerId] as const,
};

// ───────────────────────── one ticket

export const getTicketQueryOptions = (slug: string, id: string) =>
  queryOptions({
    queryKey: ticketKeys.detail(slug, id),
    queryFn: ({ signal }) => apiFetch(ticketPath(slug, id), { schema: ticketSchema, signal }),
  });

export function useTicket(slug: string, id: string) {
  return useQuery(getTicketQueryOptions(slug, id));
}

/** A changed ticket is shown at once, then everything about tickets (lists, board, history) is refreshed. */
function useTicketMutation<T>(slug: string, mutationFn: (input: T) => Promise<Ticket>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (ticket) => queryClient.setQueryData(ticketKeys.detail(slug, ticket.id), ticket),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all(slug) }),
  });
}

export type TicketChanges = Omit<UpdateTicketBody, 'version'>;

export const useUpdateTicket = (slug: string, id: string) =>
  useTicketMutation(slug, (body: UpdateTicketBody) => apiFetch(ticketPath(slug, id), { method: 'PATCH', body, schema: ticketSchema }));

export const useTransitionTicket = (slug: string, id: string) =>
  useTicketMutation(slug, (body: { stageId: string; version?: number }) =>
    apiFetch(`${ticketPath(slug, id)}/transition`, { method: 'POST', body, schema: ticketSchema }),
  );

/** `assigneeId`: a member's user id, `me`, or null to unassign. */
export const useAssignTicket = (slug: string, id: string) =>
  useTicketMutation(slug, (body: { assigneeId: string | null; version?: number }) =>
    apiFetch(`${ticketPath(slug, id)}/assign`, { method: 'POST', body, schema: ticketSchema }),
  );

export const useCreateTicket = (slug: string) =>
  useTicketMutation(slug, (body: CreateTicketBody) => apiFetch(ticketsPath(slug), { method: 'POST', body, schema: ticketSchema }));

const versionConflictDetails = z.object({ current: ticketSchema });

/** What is saved now when a save was refused for a stale `version` (409 `version_conflict`); null otherwise. */
export function conflictingTicket(error: unknown): Ticket | null {
  if (!isApiError(error) || error.code !== 'version_conflict') return null;
  const details = versionConflictDetails.safeParse(error.details);
  return details.success ? details.data.current : null;
}

// ───────────────────────── history and messages

const HISTORY_PAGE = 30;
const MESSAGES_PAGE = 50;

const pageQuery = (limit: number, cursor: string | null) => {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return query.toString();
};

/** Newest first. */
export const getTicketHistoryQueryOptions = (slug: string, id: string) =>
  infiniteQueryOptions({
    queryKey: ticketKeys.history(slug, id),
    queryFn: ({ pageParam, signal }) =>
      apiFetch(`${ticketPath(slug, id)}/history?${pageQuery(HISTORY_PAGE, pageParam)}`, { schema: historyPageSchema, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useTicketHistory = (slug: string, id: string) => useInfiniteQuery(getTicketHistoryQueryOptions(slug, id));

/** Oldest first: the next page holds newer messages. */
export const getTicketMessagesQueryOptions = (slug: string, id: string) =>
  infiniteQueryOptions({
    queryKey: ticketKeys.messages(slug, id),
    queryFn: ({ pageParam, signal }) =>
      apiFetch(`${ticketPath(slug, id)}/messages?${pageQuery(MESSAGES_PAGE, pageParam)}`, { schema: messagePageSchema, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useTicketMessages = (slug: string, id: string) => useInfiniteQuery(getTicketMessagesQueryOptions(slug, id));

export interface PostMessageInput {
  body: string;
  internal: boolean;
  attachmentIds: string[];
}

export function usePostMessage(slug: string, ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PostMessageInput) => apiFetch(`${ticketPath(slug, ticketId)}/messages`, { method: 'POST', body, schema: messageSchema }),
    // The message count, `updatedAt` and the lists' ordering change too.
    onSettled: () => queryClient.invalidateQueries({ queryKey: ticketKeys.all(slug) }),
  });
}

// ───────────────────────── attachments

export interface UploadOptions {
  /** 0–1 as the bytes go out. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * Uploads one file to a ticket (multipart, field `file`); it stays pending until a message names it. apiFetch sends
 * JSON only, and fetch cannot report upload progress, so this one request goes through XMLHttpRequest.
 */
export function uploadAttachment(slug: string, ticketId: string, file: File, { onProgress, signal }: UploadOptions = {}): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${ticketPath(slug, ticketId)}/attachments`);
    request.setRequestHeader('accept', 'application/json');
    request.withCredentials = true;
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.'));
    request.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    request.onload = () => {
      if (request.status < 200 || request.status >= 300) {
        reject(toApiError(request.status, request.statusText, parseJsonText(request.responseText)));
        return;
      }
      const parsed = attachmentSchema.safeParse(parseJsonText(request.responseText));
      if (parsed.success) resolve(parsed.data);
      else reject(new ApiError(request.status, 'invalid_response', 'Unexpected response from the upload'));
    };
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

/** Only a pending attachment (not yet on a message), by its uploader. */
export const deleteAttachment = (slug: string, ticketId: string, attachmentId: string) =>
  apiFetch(attachmentUrl(slug, ticketId, attachmentId), { method: 'DELETE', schema: z.unknown() });

/** The server's limit (413 past it); checked before sending too, rather than after sending 50 MB for a refusal. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const tooLargeMessage = (filename: string) => `${filename} is too large: attachments can be at most 10 MB.`;

/** Clear words for the refusals users meet when attaching files. */
export function uploadErrorMessage(error: unknown, filename: string): string {
  if (isApiError(error)) {
    if (error.status === 413) return tooLargeMessage(filename);
    if (error.status === 415) {
      return `${filename} was refused: its content is not a type we accept (images, PDF, ZIP, Word, Excel or plain text). The type is read from the file's content, not its name.`;
    }
    return `${filename}: ${error.message}`;
  }
  return `${filename} could not be uploaded.`;
}

const TYPE_BY_EXTENSION: Record<string, { type: string; label: string }> = {
  png: { type: 'image/png', label: 'a PNG image' },
  jpg: { type: 'image/jpeg', label: 'a JPEG image' },
  jpeg: { type: 'image/jpeg', label: 'a JPEG image' },
  gif: { type: 'image/gif', label: 'a GIF image' },
  webp: { type: 'image/webp', label: 'a WebP image' },
  pdf: { type: 'application/pdf', label: 'a PDF' },
  zip: { type: 'application/zip', label: 'a ZIP archive' },
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'a Word document' },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'an Excel workbook' },
  txt: { type: 'text/plain', label: 'a text file' },
};
const LABEL_BY_TYPE = new Map(Object.values(TYPE_BY_EXTENSION).map((t) => [t.type, t.label]));

/**
 * The server types a file by its content, never its name: when the two disagree (a text file named .png), the
 * user should know what was actually stored. Null when they agree or the name says nothing.
 */
export function typeMismatchWarning(attachment: Attachment): string | null {
  const extension = attachment.filename.split('.').pop()?.toLowerCase() ?? '';
  const expected = TYPE_BY_EXTENSION[extension];
  if (!expected || expected.type === attachment.contentType) return null;
  const actual = LABEL_BY_TYPE.get(attachment.contentType) ?? attachment.contentType;
  return `${attachment.filename} is not ${expected.label}: its content is ${actual}, and it is stored and sent as such.`;
}

// ───────────────────────── drafts

/** Not under ['tickets', slug]: refreshing tickets must not refetch (and overwrite) a draft being typed. */
export const draftQueryKey = (slug: string, key: string) => ['drafts', slug, key] as const;

/** The saved draft, or null when there is none. */
export async function getDraft(slug: string, key: string, signal?: AbortSignal): Promise<Draft | null> {
  try {
    return await apiFetch(draftPath(slug, key), { schema: draftSchema, signal });
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

export const saveDraft = (slug: string, key: string, body: string) =>
  apiFetch(draftPath(slug, key), { method: 'PUT', body: { body }, schema: draftSchema });

export async function deleteDraft(slug: string, key: string): Promise<void> {
  try {
    await apiFetch(draftPath(slug, key), { method: 'DELETE', schema: z.unknown() });
  } catch (error) {
    // Already gone is what we wanted.
    if (!(isApiError(error) && error.status === 404)) throw error;
  }
}

// ───────────────────────── pickers

/** Members who can be assigned. One page of 200 is plenty for a picker. */
export function useAssigneeChoices(slug: string) {
  return useQuery({
    queryKey: ['members', slug, 'assignee-choices'],
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/members?limit=200`, { schema: pageOf(memberSchema), signal }),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

/** One customer, for a form that is preset to it (same key as the customers feature's detail query: one cache entry). */
export function useCustomerRef(slug: string, customerId: string | undefined) {
  return useQuery({
    queryKey: ['customers', slug, 'detail', customerId ?? ''],
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/customers/${encodeURIComponent(customerId ?? '')}`, { schema: customerSchema, signal }),
    select: (customer) => ({ id: customer.id, name: customer.name }),
    enabled: Boolean(customerId),
  });
}

/** Pipelines with their stages, default first: the choices of the stage select. */
export function usePipelines(slug: string) {
  return useQuery({
    queryKey: ['pipelines', slug],
    queryFn: ({ signal }) => apiFetch(`${workspacePath(slug)}/pipelines`, { schema: pipelineListSchema, signal }),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

// ───────────────────────── a customer's tickets

const CUSTOMER_TICKETS_PAGE = 20;

export const getCustomerTicketsQueryOptions = (slug: string, customerId: string) =>
  infiniteQueryOptions({
    queryKey: ticketKeys.ofCustomer(slug, customerId),
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ customerId, sort: '-createdAt', limit: String(CUSTOMER_TICKETS_PAGE) });
      if (pageParam) query.set('cursor', pageParam);
      return apiFetch(`${ticketsPath(slug)}?${query.toString()}`, { schema: ticketPageSchema, signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useCustomerTickets = (slug: string, customerId: string) => useInfiniteQuery(getCustomerTicketsQueryOptions(slug, customerId));
