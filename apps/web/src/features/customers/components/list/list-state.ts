import { customerFilterSchema, sortParamSchema, type CustomerFilter } from '@grip/contracts/customers';
import { isEmptyPart, withoutEmptyParts, type ListKind } from '@/components/list/list-state.ts';

/** The filter without empty parts, so equal filters compare, cache and save equal however they were edited. */
export function cleanFilter(filter: CustomerFilter): CustomerFilter {
  const { custom, trash, ...rest } = filter;
  return withoutEmptyParts({
    ...rest,
    // Live customers are the default: `trash: false` says nothing.
    trash: trash || undefined,
    // A checkbox condition of `false` ("not ticked") is a condition, not an empty one.
    custom: custom && Object.fromEntries(Object.entries(custom).filter(([, condition]) => !isEmptyPart(condition))),
  });
}

/** Anything narrowing the list besides which of live or trash is shown. */
export const isFiltered = (filter: CustomerFilter) => Object.keys(cleanFilter({ ...filter, trash: undefined })).length > 0;

export const customersListKind: ListKind<CustomerFilter> = {
  resource: 'customers',
  filterSchema: customerFilterSchema,
  cleanFilter,
  checkSort: (sort) => (sortParamSchema.safeParse(sort).success ? sort : ''),
};
