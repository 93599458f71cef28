const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** "45 min", "5.5 hours", "2.3 days": the unit a person would say. */
export function formatHours(hours: number): string {
  if (hours < 1) {
    const minutes = Math.max(1, Math.round(hours * 60));
    return `${whole.format(minutes)} min`;
  }
  if (hours < 48) return `${oneDecimal.format(hours)} ${hours === 1 ? 'hour' : 'hours'}`;
  return `${oneDecimal.format(hours / 24)} days`;
}

/** A UTC day (`2026-03-14`) as an axis label: "Mar 14". */
export const formatDay = (isoDay: string) => shortDay.format(new Date(`${isoDay}T00:00:00Z`));

export const formatPercent = (percent: number) => `${oneDecimal.format(percent)}%`;
