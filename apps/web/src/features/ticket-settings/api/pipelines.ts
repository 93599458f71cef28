import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  pipelineListSchema,
  pipelineSchema,
  type createPipelineBody,
  type createStageBody,
  type Pipeline,
  type updateStageBody,
} from '@grip/contracts/tickets';
import { apiFetch } from '@/lib/api.ts';

const pipelinesPath = (slug: string) => `/api/v1/w/${encodeURIComponent(slug)}/pipelines`;
const pipelinePath = (slug: string, pipelineId: string) => `${pipelinesPath(slug)}/${encodeURIComponent(pipelineId)}`;
const stagePath = (slug: string, pipelineId: string, stageId: string) => `${pipelinePath(slug, pipelineId)}/stages/${encodeURIComponent(stageId)}`;

export type CreatePipelineInput = z.input<typeof createPipelineBody>;
export type CreateStageInput = z.input<typeof createStageBody>;
export type UpdateStageInput = z.input<typeof updateStageBody>;

export const pipelinesQueryKey = (slug: string) => ['pipelines', slug] as const;

/** The workspace's pipelines, the default first, each with its stages in order. */
export const getPipelinesQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: pipelinesQueryKey(slug),
    queryFn: ({ signal }) => apiFetch(pipelinesPath(slug), { schema: pipelineListSchema, signal }),
    select: (data) => data.items,
    staleTime: 60_000,
  });

export function usePipelines(slug: string) {
  return useQuery(getPipelinesQueryOptions(slug));
}

type PipelineList = z.infer<typeof pipelineListSchema>;

/** Puts a pipeline the server returned into the cached list (stage writes answer with the whole pipeline). */
function replacePipeline(list: PipelineList | undefined, pipeline: Pipeline): PipelineList | undefined {
  if (!list) return list;
  return { ...list, items: list.items.map((p) => (p.id === pipeline.id ? pipeline : p)) };
}

/**
 * Pipelines and stages show on the board, in ticket lists and filters: every change refreshes the tickets' queries
 * as well as the pipelines.
 */
function usePipelinesMutation<T, R>(slug: string, mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result) => {
      const parsed = pipelineSchema.safeParse(result);
      if (parsed.success) queryClient.setQueryData<PipelineList>(pipelinesQueryKey(slug), (list) => replacePipeline(list, parsed.data));
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: pipelinesQueryKey(slug) }),
        queryClient.invalidateQueries({ queryKey: ['tickets', slug] }),
      ]),
  });
}

export const useCreatePipeline = (slug: string) =>
  usePipelinesMutation(slug, (input: CreatePipelineInput) => apiFetch(pipelinesPath(slug), { method: 'POST', body: input, schema: pipelineSchema }));

export const useRenamePipeline = (slug: string) =>
  usePipelinesMutation(slug, ({ pipelineId, name }: { pipelineId: string; name: string }) =>
    apiFetch(pipelinePath(slug, pipelineId), { method: 'PATCH', body: { name }, schema: pipelineSchema }),
  );

/** Makes a pipeline the default (new tickets land in it); the previous default stops being one. */
export const useSetDefaultPipeline = (slug: string) =>
  usePipelinesMutation(slug, (pipelineId: string) =>
    apiFetch(pipelinePath(slug, pipelineId), { method: 'PATCH', body: { isDefault: true }, schema: pipelineSchema }),
  );

export const useDeletePipeline = (slug: string) =>
  usePipelinesMutation(slug, (pipelineId: string) => apiFetch(pipelinePath(slug, pipelineId), { method: 'DELETE', schema: z.unknown() }));

export const useCreateStage = (slug: string) =>
  usePipelinesMutation(slug, ({ pipelineId, ...input }: CreateStageInput & { pipelineId: string }) =>
    apiFetch(`${pipelinePath(slug, pipelineId)}/stages`, { method: 'POST', body: input, schema: pipelineSchema }),
  );

export const useUpdateStage = (slug: string) =>
  usePipelinesMutation(slug, ({ pipelineId, stageId, ...input }: UpdateStageInput & { pipelineId: string; stageId: string }) =>
    apiFetch(stagePath(slug, pipelineId, stageId), { method: 'PATCH', body: input, schema: pipelineSchema }),
  );

/** Fails with 409 `stage_not_empty` (details.count) while tickets are in the stage, `last_stage` for the only one. */
export const useDeleteStage = (slug: string) =>
  usePipelinesMutation(slug, ({ pipelineId, stageId }: { pipelineId: string; stageId: string }) =>
    apiFetch(stagePath(slug, pipelineId, stageId), { method: 'DELETE', schema: pipelineSchema }),
  );

/** The new order shows at once (a drag must not jump back while the request runs); a failure puts the old one back. */
export function useReorderStages(slug: string) {
  const queryClient = useQueryClient();
  const key = pipelinesQueryKey(slug);
  return useMutation({
    mutationFn: ({ pipelineId, stageIds }: { pipelineId: string; stageIds: string[] }) =>
      apiFetch(`${pipelinePath(slug, pipelineId)}/stage-order`, { method: 'PUT', body: { stageIds }, schema: pipelineSchema }),
    onMutate: async ({ pipelineId, stageIds }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<PipelineList>(key);
      const pipeline = previous?.items.find((p) => p.id === pipelineId);
      if (pipeline) {
        const byId = new Map(pipeline.stages.map((s) => [s.id, s]));
        const stages = stageIds.flatMap((id, position) => {
          const stage = byId.get(id);
          return stage ? [{ ...stage, position }] : [];
        });
        queryClient.setQueryData<PipelineList>(key, (list) => replacePipeline(list, { ...pipeline, stages }));
      }
      return { previous };
    },
    onError: (_error, _input, context) => queryClient.setQueryData(key, context?.previous),
    onSuccess: (pipeline) => queryClient.setQueryData<PipelineList>(key, (list) => replacePipeline(list, pipeline)),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: key }), queryClient.invalidateQueries({ queryKey: ['tickets', slug] })]),
  });
}
