import { Button, Card, Group, NumberInput, SegmentedControl, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { slaSchema, type Priority, type Sla } from '@grip/contracts/tickets';
import { FormError } from '@/components/ui/form-error.tsx';
import { QueryError } from '@/components/ui/query-error.tsx';
import { notifySuccess } from '@/lib/notify.ts';
import { useTicketSettings, useUpdateSla } from '../api/ticket-settings.ts';

/** Most pressing first, the way people think about targets. */
const PRIORITY_ORDER = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly Priority[];
const PRIORITY_LABELS: Record<Priority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };

type Unit = 'hours' | 'days';
const MINUTES_PER: Record<Unit, number> = { hours: 60, days: 24 * 60 };

interface Target {
  amount: number | string;
  unit: Unit;
}

/** Whole days read as days ("3 days"); anything else as hours, with a fraction if needed (90 minutes: 1.5 hours). */
function toTarget(minutes: number): Target {
  if (minutes % MINUTES_PER.days === 0) return { amount: minutes / MINUTES_PER.days, unit: 'days' };
  return { amount: Math.round((minutes / MINUTES_PER.hours) * 100) / 100, unit: 'hours' };
}

const toMinutes = ({ amount, unit }: Target): number | null =>
  typeof amount === 'number' && Number.isFinite(amount) ? Math.round(amount * MINUTES_PER[unit]) : null;

const capitalize = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/** Checks every target with the contract's rules; the errors are keyed by priority. */
function validate(targets: Record<Priority, Target>): { sla: Sla } | { errors: Partial<Record<Priority, string>> } {
  const errors: Partial<Record<Priority, string>> = {};
  const minutes: Partial<Record<Priority, number>> = {};
  for (const priority of PRIORITY_ORDER) {
    const value = toMinutes(targets[priority]);
    if (value === null || value <= 0) errors[priority] = 'Enter a time greater than zero';
    else minutes[priority] = value;
  }
  const parsed = slaSchema.safeParse(minutes);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const priority = issue.path[0] as Priority;
      errors[priority] ??= capitalize(issue.message === 'must be at most a year' ? 'must be at most 365 days' : issue.message);
    }
  }
  return parsed.success && Object.keys(errors).length === 0 ? { sla: parsed.data } : { errors };
}

/** How long a ticket of each priority has before it is due; a new ticket's due date comes from these. */
export function SlaSettings({ workspace, editable }: { workspace: string; editable: boolean }) {
  const settings = useTicketSettings(workspace);
  if (settings.isPending) {
    return (
      <Card aria-busy="true" aria-label="Loading SLA targets">
        <Stack gap="sm">
          <Skeleton h={20} w={200} />
          <Skeleton h={72} />
        </Stack>
      </Card>
    );
  }
  if (settings.isError) {
    return <QueryError title="SLA targets could not be loaded" error={settings.error} onRetry={() => void settings.refetch()} retrying={settings.isFetching} />;
  }
  // Keyed by what the server holds, so a save (or someone else's change) resets the form to the saved values.
  return <SlaForm key={JSON.stringify(settings.data.slaMinutes)} workspace={workspace} saved={settings.data.slaMinutes} editable={editable} />;
}

function SlaForm({ workspace, saved, editable }: { workspace: string; saved: Sla; editable: boolean }) {
  const initial = Object.fromEntries(PRIORITY_ORDER.map((p) => [p, toTarget(saved[p])])) as Record<Priority, Target>;
  const [targets, setTargets] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<Priority, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const update = useUpdateSla(workspace);
  const dirty = PRIORITY_ORDER.some((p) => toMinutes(targets[p]) !== saved[p]);

  const change = (priority: Priority, target: Partial<Target>) => {
    setTargets((current) => ({ ...current, [priority]: { ...current[priority], ...target } }));
    setErrors((current) => ({ ...current, [priority]: undefined }));
  };

  const reset = () => {
    setTargets(initial);
    setErrors({});
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validate(targets);
    if ('errors' in result) {
      setErrors(result.errors);
      return;
    }
    setFormError(null);
    update.mutate(result.sla, {
      onSuccess: () => notifySuccess('New tickets get their due dates from these targets.', 'SLA targets saved'),
      onError: (error) => setFormError(error.message),
    });
  };

  return (
    <Card data-testid="sla-settings">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Stack gap={2}>
            <Title order={2} fz="lg" fw={650} c="bright">
              SLA targets
            </Title>
            <Text size="sm" c="dimmed">
              Time to resolve a ticket, by priority. A new ticket is due this long after it is opened, unless a due date is set by hand.
            </Text>
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
            {PRIORITY_ORDER.map((priority) => (
              <Group key={priority} gap="xs" align="flex-start" wrap="nowrap" data-testid={`sla-${priority}`}>
                <NumberInput
                  label={PRIORITY_LABELS[priority]}
                  value={targets[priority].amount}
                  onChange={(amount) => change(priority, { amount })}
                  error={errors[priority]}
                  min={0}
                  decimalScale={2}
                  allowNegative={false}
                  readOnly={!editable}
                  hideControls={!editable}
                  style={{ flex: 1 }}
                  miw={0}
                  data-testid={`sla-${priority}-amount`}
                />
                <SegmentedControl
                  mt={25}
                  size="sm"
                  value={targets[priority].unit}
                  onChange={(unit) => change(priority, { unit: unit === 'days' ? 'days' : 'hours' })}
                  data={[
                    { value: 'hours', label: 'hours' },
                    { value: 'days', label: 'days' },
                  ]}
                  disabled={!editable}
                  aria-label={`Unit of the ${PRIORITY_LABELS[priority].toLowerCase()} target`}
                  data-testid={`sla-${priority}-unit`}
                />
              </Group>
            ))}
          </SimpleGrid>
          <FormError>{formError}</FormError>
          {editable && (
            <Group justify="flex-end" gap="xs">
              <Button variant="default" disabled={!dirty || update.isPending} onClick={reset}>
                Reset
              </Button>
              <Button type="submit" disabled={!dirty} loading={update.isPending} data-testid="sla-save">
                Save targets
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
