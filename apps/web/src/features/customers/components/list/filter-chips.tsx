import type { CustomField, CustomerFilter } from '@grip/contracts/customers';
import type { MemberOption } from '@/components/bulk/bulk-bar.tsx';
import { chipsOf, dayText, FilterChips, rangeText } from '@/components/list/filter-chips.tsx';
import { STATUS_LABELS } from '../form/customer-form-values.ts';
import type { CustomCondition } from './customer-filters.tsx';
import { cleanFilter } from './list-state.ts';

function conditionText(field: CustomField, condition: CustomCondition): string {
  if (typeof condition === 'boolean') return condition ? 'ticked' : 'not ticked';
  if (typeof condition === 'string') return `contains “${condition}”`;
  if (Array.isArray(condition)) return condition.join(', ');
  const show = (v: string | number) => (field.type === 'date' && typeof v === 'string' ? dayText(v) : String(v));
  return rangeText(condition.min, condition.max, show);
}

/** The customers' active conditions as chips. */
export function CustomerFilterChips({
  filter,
  onChange,
  fields,
  ownerOptions,
}: {
  filter: CustomerFilter;
  onChange: (filter: CustomerFilter) => void;
  fields: CustomField[];
  ownerOptions: MemberOption[];
}) {
  const { chips, add } = chipsOf(filter, cleanFilter);
  const ownerName = (id: string) => ownerOptions.find((o) => o.value === id)?.label ?? 'Unknown member';
  if (filter.q) add(`Search: “${filter.q}”`, 'q');
  if (filter.status?.length) add(`Status: ${filter.status.map((s) => STATUS_LABELS[s]).join(', ')}`, 'status');
  if (filter.tags?.length) add(`Tags: ${filter.tags.join(', ')}`, 'tags');
  if (filter.owner?.length) add(`Owner: ${filter.owner.map(ownerName).join(', ')}`, 'owner');
  if (filter.createdFrom || filter.createdTo) add(`Created ${rangeText(filter.createdFrom, filter.createdTo, dayText)}`, 'createdFrom', 'createdTo');
  if (filter.updatedFrom || filter.updatedTo) add(`Updated ${rangeText(filter.updatedFrom, filter.updatedTo, dayText)}`, 'updatedFrom', 'updatedTo');
  for (const [key, condition] of Object.entries(filter.custom ?? {})) {
    const field = fields.find((f) => f.key === key);
    const label = field ? `${field.label}: ${conditionText(field, condition)}` : `${key}: ${JSON.stringify(condition)}`;
    const custom = { ...filter.custom };
    delete custom[key];
    chips.push({ key: `custom.${key}`, label, without: cleanFilter({ ...filter, custom }) });
  }
  return <FilterChips chips={chips} onChange={onChange} cleared={cleanFilter({ trash: filter.trash })} testIdPrefix="customers" />;
}
