import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconAlarm } from '@tabler/icons-react';
import type { Policy, PolicyStatus } from '@grip/contracts/policies';

export const statusLabels: Record<PolicyStatus, string> = {
  active: 'Active',
  pending: 'Pending',
  lapsed: 'Lapsed',
  cancelled: 'Cancelled',
  expired: 'Expired',
};
const statusColors: Record<PolicyStatus, string> = { active: 'teal', pending: 'blue', lapsed: 'orange', cancelled: 'red', expired: 'gray' };

export function PolicyStatusBadge({ status }: { status: PolicyStatus }) {
  return (
    <Badge color={statusColors[status]} data-testid="policy-status">
      {statusLabels[status]}
    </Badge>
  );
}

const premiumFormats = new Map<string, Intl.NumberFormat>();

/** "€1,250.00": the premium in its own currency, in the reader's locale. */
export function formatPremium(premium: string, currency: string): string {
  let format = premiumFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      // A code this browser does not know: plain number and the code.
      format = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    premiumFormats.set(currency, format);
  }
  const amount = format.format(Number(premium));
  return format.resolvedOptions().style === 'currency' ? amount : `${amount} ${currency}`;
}

/** A calendar day (`YYYY-MM-DD`) as local midnight; `new Date('2025-01-05')` would be UTC and could show the 4th. */
const localDay = (day: string) => new Date(`${day}T00:00:00`);
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const formatDay = (day: string | null) => (day ? dayFormat.format(localDay(day)) : '—');

/** Today as `YYYY-MM-DD` in the browser's time zone. */
export function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export const RENEWAL_SOON_DAYS = 30;

/** Days from today to the renewal (negative when past), or null without a renewal date. */
export function daysUntil(day: string | null): number | null {
  if (!day) return null;
  return Math.round((localDay(day).getTime() - localDay(today()).getTime()) / 86_400_000);
}

/** Renewals worth attention: a live policy (active or pending) renewing within 30 days. Same rule as the server's filter. */
export function renewsSoon(policy: Pick<Policy, 'renewalDate' | 'status'>): boolean {
  const days = daysUntil(policy.renewalDate);
  return days !== null && days >= 0 && days <= RENEWAL_SOON_DAYS && (policy.status === 'active' || policy.status === 'pending');
}

function inDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  return `in ${days} days`;
}

/** The renewal date; highlighted when due within 30 days, with how soon on hover and for screen readers. */
export function RenewalDate({ policy }: { policy: Pick<Policy, 'renewalDate' | 'status'> }) {
  if (!renewsSoon(policy)) {
    return (
      <Text size="sm" component="span" style={{ whiteSpace: 'nowrap' }}>
        {formatDay(policy.renewalDate)}
      </Text>
    );
  }
  const soon = `Renews ${inDays(daysUntil(policy.renewalDate) ?? 0)}`;
  return (
    <Tooltip label={soon}>
      <Group component="span" gap={4} wrap="nowrap" c="orange" display="inline-flex" style={{ verticalAlign: 'middle' }} aria-label={`${formatDay(policy.renewalDate)}, ${soon.toLowerCase()}`} data-testid="renewal-soon">
        <IconAlarm size={14} aria-hidden style={{ flexShrink: 0 }} />
        <Text size="sm" fw={600} c="inherit" component="span" style={{ whiteSpace: 'nowrap' }}>
          {formatDay(policy.renewalDate)}
        </Text>
      </Group>
    </Tooltip>
  );
}
