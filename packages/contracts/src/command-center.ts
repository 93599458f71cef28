import { z } from 'zod';
import { ticketSummarySchema } from './tickets.ts';

/** A panel of tickets needing attention: the first ones (most urgent first) and how many match in all. */
export const ticketPanelSchema = z.object({ items: z.array(ticketSummarySchema), count: z.number().int(), capped: z.boolean() });

export const commandCenterSchema = z
  .object({
    /** Panels the caller's role allows (tickets:read, customers:read, audit:read); others are null. */
    tickets: z
      .object({
        /** Past due and not done. */
        overdue: ticketPanelSchema,
        /** Open or waiting, nobody assigned. */
        unassigned: ticketPanelSchema,
        /** Assigned to the caller, not done. */
        mine: ticketPanelSchema,
        /** In a stage of category `waiting` (on the customer). */
        waiting: ticketPanelSchema,
      })
      .nullable(),
    recentCustomers: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), status: z.string(), createdAt: z.iso.datetime({ offset: true }) })).nullable(),
    activity: z
      .array(z.object({ id: z.uuid(), action: z.string(), entityType: z.string(), entityId: z.string().nullable(), actorEmail: z.string().nullable(), createdAt: z.iso.datetime({ offset: true }) }))
      .nullable(),
    kpis: z
      .object({
        /** Tickets per stage of the default pipeline (open and waiting stages; done stages count the last 30 days). */
        openByStage: z.array(z.object({ stageId: z.uuid(), name: z.string(), category: z.string(), count: z.number().int() })),
        /** The last 14 days (UTC), oldest first. */
        createdVsCompleted: z.array(z.object({ day: z.iso.date(), created: z.number().int(), completed: z.number().int() })),
        /** Tickets completed in the last 30 days: on time (by their due date) or late. */
        sla: z.object({ onTime: z.number().int(), late: z.number().int(), percent: z.number().nullable() }),
        /** Mean hours from creation to completion over the last 30 days; null without completions. */
        avgHoursToComplete: z.number().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'CommandCenter' });
export type CommandCenter = z.infer<typeof commandCenterSchema>;
