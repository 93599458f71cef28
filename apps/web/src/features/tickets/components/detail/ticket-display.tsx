// Formatting used on the ticket page only; badges shared with the board, the list and the Command Center live in components/tickets/ticket-badges.tsx.

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
/** "14:05" (or "2:05 PM"): the hh:mm of the auto-save indicator. */
export const formatTime = (date: Date) => time.format(date);


export const personName = (user: { name: string; email: string } | null | undefined, fallback = 'Deleted user') =>
  user ? user.name || user.email : fallback;
