// Counts as the server gives them: exact, or capped ("at least `count`", the server stops counting at 10,000).
interface Count {
  count: number;
  capped: boolean;
}

/** "1,234", or "10,000+" when the server stopped counting. */
export const countLabel = (count: Count) => `${count.count.toLocaleString()}${count.capped ? '+' : ''}`;

/** Exactly one (a capped count never is): for "1 ticket" rather than "1 tickets". */
export const isOne = (count: Count | undefined) => count?.count === 1 && !count.capped;
