import { z } from 'zod';

/**
 * Cell parsers: text from a file → the value Grip stores, or the reason it cannot be. They run once per cell while
 * the file streams into staging, so they are plain functions without allocation beyond their result.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (reason: string): Parsed<never> => ({ ok: false, reason });

const emailSchema = z.email();
export function parseEmail(raw: string): Parsed<string> {
  const v = raw.trim();
  if (v.length > 254 || !emailSchema.safeParse(v).success) return fail('is not an email address');
  return ok(v);
}

export function parseText(raw: string, max: number): Parsed<string> {
  const v = raw.trim();
  return v.length > max ? fail(`must be at most ${max} characters`) : ok(v);
}

/** One of `options`, case- and spacing-insensitive; `aliases` maps other words onto options. */
export function parseEnum<T extends string>(raw: string, options: readonly T[], aliases: Record<string, T> = {}): Parsed<T> {
  const v = raw.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
  const hit = options.find((o) => o.toLowerCase().replace(/[\s_-]+/g, ' ') === v) ?? aliases[v];
  return hit ? ok(hit) : fail(`must be one of: ${options.join(', ')}`);
}

/** A list in one cell, separated by commas, semicolons or pipes. */
export function parseList(raw: string, opts: { max: number; itemMax: number }): Parsed<string[]> {
  const items = [...new Set(raw.split(/[,;|]/).map((s) => s.trim()).filter(Boolean))];
  if (items.length > opts.max) return fail(`at most ${opts.max} items`);
  if (items.some((i) => i.length > opts.itemMax)) return fail(`items must be at most ${opts.itemMax} characters`);
  return ok(items);
}

/** Numbers as people write them: 1234.5, 1,234.50, 1.234,50, 1 234,5, with an optional currency sign. */
export function parseNumber(raw: string): Parsed<number> {
  let v = raw.trim().replace(/^[$€£¥]|[$€£¥]$/g, '').replace(/[\s\u00a0']/g, '');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) v = v.replace(/,/g, '');
  else if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(v)) v = v.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+,\d+$/.test(v)) v = v.replace(',', '.');
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(v)) return fail('must be a number');
  const n = Number(v);
  return Number.isFinite(n) ? ok(n) : fail('must be a number');
}

const pad = (n: number) => String(n).padStart(2, '0');
function validDate(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
}

/**
 * A calendar date: ISO (2026-03-01, 2026/3/1), European with dots (1.3.2026), or with slashes (day first when the
 * first part cannot be a month, else month first as in the US). Two-digit years are 20xx.
 */
export function parseDate(raw: string): Parsed<string> {
  const v = raw.trim().replace(/T.*$/, '');
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
  if (m) return orFail(validDate(+m[1]!, +m[2]!, +m[3]!));
  m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(v);
  if (m) {
    const y = m[4]!.length === 2 ? 2000 + +m[4]! : +m[4]!;
    const a = +m[1]!;
    const b = +m[3]!;
    const dayFirst = m[2] === '.' || a > 12;
    return orFail(dayFirst ? validDate(y, b, a) : validDate(y, a, b));
  }
  return fail('must be a date (YYYY-MM-DD)');
}
const orFail = (d: string | null) => (d ? ok(d) : fail('must be a date (YYYY-MM-DD)'));

/** A moment: an ISO timestamp, or a date (midnight UTC). */
export function parseDateTime(raw: string): Parsed<string> {
  const v = raw.trim();
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) {
    const t = Date.parse(v.replace(' ', 'T'));
    return Number.isNaN(t) ? fail('must be a date and time (ISO 8601)') : ok(new Date(t).toISOString());
  }
  const d = parseDate(v);
  return d.ok ? ok(`${d.value}T00:00:00.000Z`) : fail('must be a date and time (ISO 8601)');
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'on', 'ja', 'oui', 'si', 'checked']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'nein', 'non', 'unchecked']);
export function parseBoolean(raw: string): Parsed<boolean> {
  const v = raw.trim().toLowerCase();
  if (TRUE.has(v)) return ok(true);
  if (FALSE.has(v)) return ok(false);
  return fail('must be yes or no');
}
