import { Checkbox, MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import type { ReactNode } from 'react';
import type { CustomField } from '@grip/contracts/customers';
import type { CustomValue } from './customer-form-values.ts';

interface CustomFieldInputProps {
  field: CustomField;
  value: CustomValue | undefined;
  onChange: (value: CustomValue) => void;
  error?: ReactNode;
}

/** The input that fits a custom field's type; required fields carry the asterisk. */
export function CustomFieldInput({ field, value, onChange, error }: CustomFieldInputProps) {
  const common = { label: field.label, withAsterisk: field.required, error, 'data-testid': `custom-${field.key}` };
  switch (field.type) {
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' || typeof value === 'string' ? value : ''}
          onChange={(next) => onChange(next)}
          decimalScale={6}
        />
      );
    case 'date':
      return (
        <DateInput
          {...common}
          value={typeof value === 'string' && value !== '' ? value : null}
          onChange={(next) => onChange(next ?? '')}
          valueFormat="YYYY-MM-DD"
          placeholder="YYYY-MM-DD"
          clearable
          popoverProps={{ withinPortal: true }}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={field.options}
          value={typeof value === 'string' && value !== '' ? value : null}
          onChange={(next) => onChange(next ?? '')}
          clearable={!field.required}
          searchable
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'multiselect':
      return (
        <MultiSelect
          {...common}
          data={field.options}
          value={Array.isArray(value) ? value : []}
          onChange={(next) => onChange(next)}
          clearable
          searchable
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'checkbox':
      return (
        <Checkbox
          {...common}
          mt="xs"
          checked={value === true}
          onChange={(event) => onChange(event.currentTarget.checked)}
        />
      );
    default:
      return <TextInput {...common} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.currentTarget.value)} />;
  }
}
