import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { customFieldSchema, type createCustomFieldBody, type CustomField, type updateCustomFieldBody } from '@grip/contracts/customers';
import { apiFetch } from '@/lib/api.ts';

const fieldsPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/customer-fields`;
const fieldsListSchema = z.object({ items: z.array(customFieldSchema) });

export type CreateCustomFieldInput = z.input<typeof createCustomFieldBody>;
export type UpdateCustomFieldInput = z.input<typeof updateCustomFieldBody>;

export const customFieldsQueryKey = (slug: string) => ['customer-fields', slug] as const;

/** The workspace's custom fields, in their display order. */
export const getCustomFieldsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: customFieldsQueryKey(slug),
    queryFn: ({ signal }) => apiFetch(fieldsPath(slug), { schema: fieldsListSchema, signal }),
    select: (data) => data.items,
    staleTime: 60_000,
  });

export function useCustomFields(slug: string) {
  return useQuery(getCustomFieldsQueryOptions(slug));
}

/** Fields show in customer forms, lists and filters: every change refreshes the customers' queries too. */
function useFieldsMutation<T, R>(slug: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: customFieldsQueryKey(slug) }),
        queryClient.invalidateQueries({ queryKey: ['customers', slug] }),
      ]),
  });
}

export const useCreateCustomField = (slug: string) =>
  useFieldsMutation(slug, (input: CreateCustomFieldInput) =>
    apiFetch(fieldsPath(slug), { method: 'POST', body: input, schema: customFieldSchema }),
  );

export const useUpdateCustomField = (slug: string) =>
  useFieldsMutation(slug, ({ fieldId, ...input }: UpdateCustomFieldInput & { fieldId: string }) =>
    apiFetch(`${fieldsPath(slug)}/${fieldId}`, { method: 'PATCH', body: input, schema: customFieldSchema }),
  );

export const useDeleteCustomField = (slug: string) =>
  useFieldsMutation(slug, (fieldId: string) => apiFetch(`${fieldsPath(slug)}/${fieldId}`, { method: 'DELETE', schema: z.unknown() }));

/**
 * Moves a field one place up or down. Positions are renumbered 0..n-1 in the new order, so fields that share a
 * position (or have gaps) end up in a clean sequence; only the fields whose position changes are written.
 */
export const useMoveCustomField = (slug: string) =>
  useFieldsMutation(slug, async ({ fields, fieldId, direction }: { fields: CustomField[]; fieldId: string; direction: -1 | 1 }) => {
    const order = [...fields];
    const from = order.findIndex((f) => f.id === fieldId);
    const to = from + direction;
    if (from === -1 || to < 0 || to >= order.length) return;
    [order[from], order[to]] = [order[to]!, order[from]!];
    for (const [position, field] of order.entries()) {
      if (field.position !== position) {
        await apiFetch(`${fieldsPath(slug)}/${field.id}`, { method: 'PATCH', body: { position }, schema: customFieldSchema });
      }
    }
  });
