import type { StageCategory } from '@grip/contracts/tickets';

/** What each category means to a user, and its colour on badges and swatches. */
export const STAGE_CATEGORY_INFO: Record<StageCategory, { label: string; description: string; color: string }> = {
  open: { label: 'Open', description: 'Being worked on', color: 'blue' },
  waiting: { label: 'Waiting', description: 'Waiting for the customer or someone else', color: 'yellow' },
  done: { label: 'Done', description: 'Finished: tickets here count as completed', color: 'teal' },
};
