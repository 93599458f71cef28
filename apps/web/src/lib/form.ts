import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { z } from 'zod';
import type { FieldIssue } from '@grip/contracts/common';
import { isApiError } from './api.ts';

type Values = Record<string, unknown>;
export type FieldErrors<V> = Partial<Record<keyof V & string, string>>;

/** `body.email` → `email`: the server names fields by request part, forms by their own keys. */
const formFieldName = (field: string) => field.replace(/^(body|query|params)\./, '');

const issuesToErrors = (issues: { path: PropertyKey[]; message: string }[]) => {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const name = issue.path.map(String).join('.');
    errors[name] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  return errors;
};

/**
 * Form state validated by a zod schema (the contract's, or one derived from it) before submit, and able to show the
 * server's field errors (`details.fields`) next to the same inputs. Plain React state: no form library needed.
 */
export function useZodForm<S extends z.ZodType<unknown, Values>>(schema: S, initialValues: z.input<S>) {
  type V = z.input<S>;
  const [values, setValues] = useState<V>(initialValues);
  const [errors, setErrors] = useState<FieldErrors<V>>({});

  const setValue = <K extends keyof V & string>(name: K, value: V[K]) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => (current[name] ? { ...current, [name]: undefined } : current));
  };

  /** Props for TextInput, PasswordInput, Textarea. */
  const textProps = <K extends keyof V & string>(name: K) => ({
    name,
    value: (values[name] ?? '') as string,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setValue(name, event.currentTarget.value as V[K]),
    error: errors[name],
  });

  /** Props for Checkbox and Switch. */
  const checkedProps = <K extends keyof V & string>(name: K) => ({
    name,
    checked: Boolean(values[name]),
    onChange: (event: ChangeEvent<HTMLInputElement>) => setValue(name, event.currentTarget.checked as V[K]),
    error: errors[name],
  });

  /** Props for Select and SegmentedControl-like inputs whose onChange gives the value. */
  const selectProps = <K extends keyof V & string>(name: K) => ({
    name,
    // Select shows its placeholder (and no clear button) only for null, not for ''.
    value: ((values[name] as string | undefined) || null) as string | null,
    onChange: (value: string | null) => setValue(name, (value ?? '') as V[K]),
    error: errors[name],
  });

  const onSubmit = (handler: (data: z.output<S>) => void) => (event?: FormEvent) => {
    event?.preventDefault();
    const result = schema.safeParse(values);
    if (!result.success) {
      setErrors(issuesToErrors(result.error.issues) as FieldErrors<V>);
      return;
    }
    setErrors({});
    handler(result.data);
  };

  /**
   * Puts the server's field errors next to their inputs. Returns the message to show above the form when the
   * error is not (only) about fields of this form, or null when every problem has its place.
   * `codeFields` places errors that carry no field list (Better Auth's) by their code, e.g. a too common password.
   */
  const applyServerError = (error: unknown, codeFields: Record<string, keyof V & string> = {}): string | null => {
    const message = isApiError(error) || error instanceof Error ? error.message : 'Something went wrong.';
    const byCode = isApiError(error) ? codeFields[error.code] : undefined;
    const fields: FieldIssue[] = isApiError(error) ? (error.fields ?? (byCode ? [{ field: byCode, message }] : [])) : [];
    const known = fields.filter((f) => formFieldName(f.field) in (initialValues as object));
    if (known.length === 0) return message;
    setErrors(issuesToErrors(known.map((f) => ({ path: [formFieldName(f.field)], message: f.message }))) as FieldErrors<V>);
    return known.length === fields.length ? null : message;
  };

  const reset = (next: V = initialValues) => {
    setValues(next);
    setErrors({});
  };

  return { values, errors, setValue, setErrors, textProps, checkedProps, selectProps, onSubmit, applyServerError, reset };
}
