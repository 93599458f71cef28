import { Button, Group, Input, Modal, MultiSelect, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo, useState, type ReactNode } from 'react';
import { CUSTOMER_STATUSES } from '@grip/contracts/customers';
import { EXPORT_FIELDS, type ExportEntity, type ExportFormat, type Frequency, type ScheduledExport } from '@grip/contracts/exports';
import { POLICY_STATUSES } from '@grip/contracts/policies';
import { PRIORITIES, STAGE_CATEGORIES } from '@grip/contracts/tickets';
import { useHasPermission } from '@/components/access/permission-gate.tsx';
import { FormError } from '@/components/ui/form-error.tsx';
import { isApiError } from '@/lib/api.ts';
import { notifySuccess } from '@/lib/notify.ts';
import { conflictingSchedule, useCreateScheduledExport, useUpdateScheduledExport } from '../api/scheduled-exports.ts';

export const ENTITY_LABELS: Record<ExportEntity, string> = { customers: 'Customers', policies: 'Policies', tickets: 'Tickets' };
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** `createdAt` → "Created at": the export columns' names, readable. */
const fieldLabel = (key: string) => {
  const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What each list's filter offers here: a few list parameters, each a comma-separated choice. */
const FILTERS: Record<ExportEntity, Array<{ key: string; label: string; options: readonly string[] | null }>> = {
  customers: [
    { key: 'status', label: 'Status', options: CUSTOMER_STATUSES },
    { key: 'tags', label: 'Tags (any of)', options: null },
  ],
  policies: [{ key: 'status', label: 'Status', options: POLICY_STATUSES }],
  tickets: [
    { key: 'category', label: 'Stage', options: STAGE_CATEGORIES },
    { key: 'priority', label: 'Priority', options: PRIORITIES },
  ],
};

interface Values {
  name: string;
  entity: ExportEntity;
  format: ExportFormat;
  fields: string[];
  filter: Record<string, string[]>;
  bom: boolean;
  frequency: Frequency;
  timeOfDay: string;
  timezone: string;
  dayOfWeek: string;
  dayOfMonth: number;
  recipients: string[];
  delivery: 'attachment' | 'link';
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function valuesOf(s: ScheduledExport | null, entity: ExportEntity): Values {
  if (!s) {
    return { name: '', entity, format: 'csv', fields: [], filter: {}, bom: false, frequency: 'weekly', timeOfDay: '08:00', timezone: browserZone(), dayOfWeek: '1', dayOfMonth: 1, recipients: [], delivery: 'attachment' };
  }
  return {
    name: s.name,
    entity: s.entity,
    format: s.format,
    fields: s.fields,
    // Only the parameters this form offers are shown; the others (a saved sort, say) are kept as they are.
    filter: Object.fromEntries(Object.entries(s.filter).map(([k, v]) => [k, v.split(',').filter(Boolean)])),
    bom: s.bom,
    frequency: s.frequency,
    timeOfDay: s.timeOfDay,
    timezone: s.timezone,
    dayOfWeek: String(s.dayOfWeek ?? 1),
    dayOfMonth: s.dayOfMonth ?? 1,
    recipients: s.recipients,
    delivery: s.delivery,
  };
}

function bodyOf(v: Values) {
  return {
    name: v.name,
    entity: v.entity,
    format: v.format,
    fields: v.fields,
    filter: Object.fromEntries(Object.entries(v.filter).filter(([, list]) => list.length > 0).map(([k, list]) => [k, list.join(',')])),
    bom: v.format === 'csv' && v.bom,
    frequency: v.frequency,
    timeOfDay: v.timeOfDay,
    timezone: v.timezone,
    dayOfWeek: v.frequency === 'weekly' ? Number(v.dayOfWeek) : null,
    dayOfMonth: v.frequency === 'monthly' ? v.dayOfMonth : null,
    recipients: v.recipients,
    delivery: v.delivery,
  };
}

interface ScheduleFormModalProps {
  workspace: string;
  opened: boolean;
  onClose: () => void;
  /** The schedule to edit; without one, the form creates a schedule. */
  schedule: ScheduledExport | null;
}

/** Create or edit a scheduled export. Mounted only while open, so each opening starts from the schedule as it is. */
export function ScheduleFormModal({ workspace, opened, onClose, schedule }: ScheduleFormModalProps) {
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <Modal opened={opened} onClose={onClose} title={schedule ? `Edit “${schedule.name}”` : 'New scheduled export'} size="lg" fullScreen={phone} data-testid="schedule-form-modal">
      {opened && <ScheduleForm workspace={workspace} schedule={schedule} onClose={onClose} />}
    </Modal>
  );
}

function ScheduleForm({ workspace, schedule, onClose }: { workspace: string; schedule: ScheduledExport | null; onClose: () => void }) {
  const readable: Record<ExportEntity, boolean> = {
    customers: useHasPermission('customers:read', undefined, workspace),
    policies: useHasPermission('policies:read', undefined, workspace),
    tickets: useHasPermission('tickets:read', undefined, workspace),
  };
  const entities = (Object.keys(readable) as ExportEntity[]).filter((e) => readable[e] || schedule?.entity === e);
  const [values, setValues] = useState<Values>(() => valuesOf(schedule, entities[0] ?? 'customers'));
  const [version, setVersion] = useState(schedule?.version ?? 1);
  const [notice, setNotice] = useState<ReactNode>(null);
  const create = useCreateScheduledExport(workspace);
  const update = useUpdateScheduledExport(workspace);
  const saving = create.isPending || update.isPending;
  const error = create.error ?? update.error;
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const fieldErrors: Record<string, string> = {};
  if (isApiError(error)) for (const f of error.fields ?? []) fieldErrors[f.field.replace(/^body\./, '').replace(/\.\d+$/, '')] ??= capitalised(f.message);
  const errorOf = (name: string) => fieldErrors[name];
  const filterError = Object.entries(fieldErrors).find(([k]) => k.startsWith('filter'))?.[1];

  const submit = () => {
    setNotice(null);
    const body = bodyOf(values);
    // A saved sort or other list parameters this form does not show are kept.
    const kept = schedule ? Object.fromEntries(Object.entries(schedule.filter).filter(([k]) => !FILTERS[values.entity].some((f) => f.key === k) && values.entity === schedule.entity)) : {};
    const withKept = { ...body, filter: { ...kept, ...body.filter } };
    if (schedule) {
      update.mutate(
        { id: schedule.id, version, ...withKept },
        {
          onSuccess: () => {
            notifySuccess(`“${body.name}” was saved.`, 'Schedule saved');
            onClose();
          },
          onError: (e) => {
            const current = conflictingSchedule(e);
            if (current) {
              setValues(valuesOf(current, current.entity));
              setVersion(current.version);
              setNotice('Someone else changed this schedule while you were editing it. The form now shows their version; make your change again and save.');
              update.reset();
            }
          },
        },
      );
    } else {
      create.mutate(withKept, {
        onSuccess: (created) => {
          notifySuccess(`“${created.name}” runs next ${new Date(created.nextRunAt ?? '').toLocaleString()}.`, 'Export scheduled');
          onClose();
        },
      });
    }
  };

  const general = isApiError(error) && !error.fields?.length ? error.message : null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
    >
      <Stack gap="md">
        {notice && <FormError data-testid="schedule-conflict">{notice}</FormError>}
        {general && <FormError data-testid="schedule-error">{general}</FormError>}
        <TextInput label="Name" required value={values.name} onChange={(e) => set('name', e.currentTarget.value)} error={errorOf('name')} placeholder="Weekly new leads" data-testid="schedule-name" data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Records"
            data={entities.map((e) => ({ value: e, label: ENTITY_LABELS[e] }))}
            value={values.entity}
            onChange={(value) => value && setValues((v) => ({ ...v, entity: value as ExportEntity, fields: [], filter: {} }))}
            allowDeselect={false}
            error={errorOf('entity')}
            data-testid="schedule-entity"
          />
          <Input.Wrapper label="Format">
            <SegmentedControl
              value={values.format}
              onChange={(value) => set('format', value as ExportFormat)}
              data={[
                { value: 'csv', label: 'CSV' },
                { value: 'xlsx', label: 'Excel (XLSX)' },
              ]}
              data-testid="schedule-format"
            />
          </Input.Wrapper>
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {FILTERS[values.entity].map((f) =>
            f.options ? (
              <MultiSelect
                key={f.key}
                label={f.label}
                placeholder="Any"
                data={f.options.map((o) => ({ value: o, label: capitalised(o) }))}
                value={values.filter[f.key] ?? []}
                onChange={(list) => set('filter', { ...values.filter, [f.key]: list })}
                clearable
                data-testid={`schedule-filter-${f.key}`}
              />
            ) : (
              <TagsInput key={f.key} label={f.label} placeholder="Any" value={values.filter[f.key] ?? []} onChange={(list) => set('filter', { ...values.filter, [f.key]: list })} clearable data-testid={`schedule-filter-${f.key}`} />
            ),
          )}
        </SimpleGrid>
        {filterError && (
          <Text size="xs" c="red">
            {filterError}
          </Text>
        )}
        <MultiSelect
          label="Fields"
          description="Leave empty for every field."
          placeholder={values.fields.length ? undefined : 'All fields'}
          data={EXPORT_FIELDS[values.entity].map((key) => ({ value: key, label: fieldLabel(key) }))}
          value={values.fields}
          onChange={(list) => set('fields', list)}
          searchable
          clearable
          error={errorOf('fields')}
          data-testid="schedule-fields"
        />
        <Input.Wrapper label="Runs">
          <SegmentedControl
            value={values.frequency}
            onChange={(value) => set('frequency', value as Frequency)}
            data={[
              { value: 'daily', label: 'Daily' },
              { value: 'weekly', label: 'Weekly' },
              { value: 'monthly', label: 'Monthly' },
            ]}
            data-testid="schedule-frequency"
          />
        </Input.Wrapper>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          {values.frequency === 'weekly' && (
            <Select label="On" data={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))} value={values.dayOfWeek} onChange={(v) => v && set('dayOfWeek', v)} allowDeselect={false} error={errorOf('dayOfWeek')} data-testid="schedule-day-of-week" />
          )}
          {values.frequency === 'monthly' && (
            <NumberInput label="On day" min={1} max={28} clampBehavior="strict" value={values.dayOfMonth} onChange={(v) => set('dayOfMonth', Number(v) || 1)} error={errorOf('dayOfMonth')} description="1–28" data-testid="schedule-day-of-month" />
          )}
          <TextInput label="At" type="time" required value={values.timeOfDay} onChange={(e) => set('timeOfDay', e.currentTarget.value)} error={errorOf('timeOfDay')} data-testid="schedule-time" />
          <Select label="Time zone" data={zones} searchable value={values.timezone} onChange={(v) => v && set('timezone', v)} allowDeselect={false} error={errorOf('timezone')} data-testid="schedule-timezone" />
        </SimpleGrid>
        <TagsInput
          label="Recipients"
          description="Up to 20 email addresses; press Enter after each."
          required
          value={values.recipients}
          onChange={(list) => set('recipients', list.map((r) => r.trim()).filter(Boolean))}
          maxTags={20}
          splitChars={[',', ' ', ';']}
          error={errorOf('recipients')}
          data-testid="schedule-recipients"
        />
        <Input.Wrapper label="Delivery" description="Files over 10 MB are always sent as a link. Links expire with the file (a day by default)." inputWrapperOrder={['label', 'input', 'description']}>
          <SegmentedControl
            value={values.delivery}
            onChange={(value) => set('delivery', value as Values['delivery'])}
            data={[
              { value: 'attachment', label: 'Attach the file' },
              { value: 'link', label: 'Send a link' },
            ]}
            data-testid="schedule-delivery"
          />
        </Input.Wrapper>
        {values.format === 'csv' && <Switch label="Add a byte-order mark for Excel" checked={values.bom} onChange={(e) => set('bom', e.currentTarget.checked)} data-testid="schedule-bom" />}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="schedule-save">
            {schedule ? 'Save' : 'Schedule export'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
