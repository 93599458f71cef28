import type { StageCategory } from '@grip/contracts/tickets';
import { CATEGORY_COLORS, CATEGORY_LABELS } from '@/components/tickets/ticket-badges.tsx';

/** What each category means to a user, and its colour on badges and swatches. */
export const STAGE_CATEGORY_INFO: Record<StageCategory, { label: string; description: string; color: string }> = {
  open: { label: CATEGORY_LABELS.open, description: 'Being worked on', color: CATEGORY_COLORS.open },
  waiting: { label: CATEGORY_LABELS.waiting, description: 'Waiting for the customer or someone else', color: CATEGORY_COLORS.waiting },
  done: { label: CATEGORY_LABELS.done, description: 'Finished: tickets here count as completed', color: CATEGORY_COLORS.done },
};
