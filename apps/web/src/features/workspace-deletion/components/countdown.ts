import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (a countdown's clock). */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "2 days 5 h 12 min", "40 min", "less than a minute" until `iso`; "any moment now" once it has passed. */
export function timeLeft(iso: string, now: number): string {
  const minutes = Math.floor((Date.parse(iso) - now) / 60_000);
  if (minutes < 0) return 'any moment now';
  if (minutes === 0) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days > 0 ? `${days} ${days === 1 ? 'day' : 'days'}` : '', hours > 0 ? `${hours} h` : '', days === 0 && mins > 0 ? `${mins} min` : ''];
  return parts.filter(Boolean).join(' ');
}
