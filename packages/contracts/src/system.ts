import { z } from 'zod';

export const liveSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Live' });

export const readinessCheckSchema = z.object({ ok: z.boolean(), detail: z.string() });

export const readySchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.object({
      database: readinessCheckSchema,
      migrations: readinessCheckSchema,
      jobs: readinessCheckSchema,
    }),
  })
  .meta({ id: 'Ready' });
export type Ready = z.infer<typeof readySchema>;
