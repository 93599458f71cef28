import { decodeCursor, encodeCursor } from './cursor.ts';
import { AppError } from '../plugins/errors.ts';

/** Parameters of one SQL statement being built: `p(value)` appends a value and returns its `$n`. */
export class Params {
  readonly values: unknown[] = [];
  p(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A sortable column of a list: a SQL expression that is never NULL (coalesce it) and its type for the cursor. */
export interface SortColumn {
  expr: string;
  cast: 'text' | 'timestamptz' | 'numeric' | 'boolean' | 'date';
}

export interface SortSpec {
  column: SortColumn;
  desc: boolean;
}

/**
 * Parses `name,-createdAt` against an allow-list. `lookup` resolves a key to its column (or undefined when the
 * key is not sortable), so callers can add dynamic columns such as custom fields.
 */
export function parseSort(param: string | undefined, fallback: string, lookup: (key: string) => SortColumn | undefined): SortSpec[] {
  const keys = (param || fallback).split(',').filter(Boolean);
  return keys.map((raw) => {
    const desc = raw.startsWith('-');
    const key = desc ? raw.slice(1) : raw;
    const column = lookup(key);
    if (!column) {
      throw new AppError('validation_failed', `Invalid request — querystring.sort: cannot sort by ${key}`, 400, {
        fields: [{ field: 'querystring.sort', message: `cannot sort by ${key}` }],
      });
    }
    return { column, desc };
  });
}

/**
 * Keyset pagination over a multi-column sort with `idExpr` as the final tie-breaker. The sort values travel in
 * the cursor as text (timestamps keep their microseconds) and are cast back in SQL.
 * Returns the ORDER BY, the extra SELECT list that carries the key values, and the "after the cursor" condition.
 */
export function keyset(sort: SortSpec[], idExpr: string, cursor: string | undefined, params: Params) {
  const idDesc = sort.length > 0 && sort.every((s) => s.desc);
  const orderBy = [...sort.map((s) => `${s.column.expr} ${s.desc ? 'DESC' : 'ASC'}`), `${idExpr} ${idDesc ? 'DESC' : 'ASC'}`].join(', ');
  const select = sort.map((s, i) => `(${s.column.expr})::text AS "_k${i}"`).join(', ');
  const values = decodeCursor(
    cursor,
    (v): v is string[] => v.length === sort.length + 1 && v.every((x) => typeof x === 'string') && /^[0-9a-f-]{36}$/i.test(v[v.length - 1] as string),
  );
  let where = '';
  if (values) {
    const refs = sort.map((s, i) => `${params.p(values[i])}::${s.column.cast}`);
    const idRef = `${params.p(values[sort.length])}::uuid`;
    const uniform = sort.every((s) => s.desc === sort[0]!.desc) && (sort.length === 0 || sort[0]!.desc === idDesc);
    if (uniform) {
      // One row comparison: the form an index on the same columns can serve directly.
      where = `(${[...sort.map((s) => s.column.expr), idExpr].join(', ')}) ${idDesc ? '<' : '>'} (${[...refs, idRef].join(', ')})`;
    } else {
      const terms: string[] = [];
      const all = [...sort.map((s, i) => ({ expr: s.column.expr, desc: s.desc, ref: refs[i]! })), { expr: idExpr, desc: idDesc, ref: idRef }];
      all.forEach((col, i) => {
        const equal = all.slice(0, i).map((prev) => `${prev.expr} = ${prev.ref}`);
        terms.push(`(${[...equal, `${col.expr} ${col.desc ? '<' : '>'} ${col.ref}`].join(' AND ')})`);
      });
      where = `(${terms.join(' OR ')})`;
    }
  }
  return {
    orderBy,
    select: select || 'NULL AS "_k"',
    where,
    /** The cursor of the next page from the last row's `_k*` values and id. */
    cursorOf: (row: Record<string, unknown>, id: string) => encodeCursor([...sort.map((_, i) => String(row[`_k${i}`])), id]),
  };
}

/** A `LIKE` pattern matching `text` anywhere, with the wildcards in it taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
