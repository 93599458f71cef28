/**
 * One CSV cell, quoted when needed. Text a spreadsheet would run as a formula (starting with = + - @ tab, CR
 * or NUL) is prefixed with an apostrophe, so an export can never carry a formula into Excel.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r\0]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvRow = (values: unknown[]) => `${values.map(csvCell).join(',')}\r\n`;
