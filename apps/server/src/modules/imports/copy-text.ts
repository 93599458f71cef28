import type { StageValue, StagedRow } from './entities.ts';

// Staged rows as PostgreSQL COPY text (the staging table's columns: row_no, match_value, missing, issues, then
// the kind's own). Used by the parser thread (import-parser.ts) and by the preview.

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N. */
function copyEscape(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}
function arrayLiteral(items: string[]): string {
  return `{${items.map((i) => `"${i.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
function copyValue(v: StageValue | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return copyEscape(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return copyEscape(arrayLiteral(v));
  return copyEscape(JSON.stringify(v));
}

/** One staged row as a line of COPY text. */
export function copyLine(rowNo: number, row: StagedRow): string {
  const parts = [
    String(rowNo),
    copyValue(row.matchValue),
    row.missing.length ? copyValue(row.missing) : '\\N',
    row.issues.length ? copyEscape(JSON.stringify(row.issues)) : '\\N',
  ];
  for (const v of row.values) parts.push(copyValue(v));
  return `${parts.join('\t')}\n`;
}

/**
 * A chunk's COPY text, written into one reusable buffer: the line strings die young, and no chunk-sized string or
 * buffer is left for the garbage collector (with big strings per chunk the heap grew by hundreds of MB over a
 * million rows before V8 collected them). The buffer owns its whole ArrayBuffer, so it can be handed between
 * threads (transferred, not copied) and come back for the next chunk.
 */
export class ChunkBuffer {
  length = 0;
  rows = 0;
  constructor(private buf: Buffer = Buffer.allocUnsafeSlow(4 * 1024 * 1024)) {}
  push(line: string) {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.buf.length - this.length < line.length * 3) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.length + line.length * 3));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(line, this.length);
    this.rows++;
  }
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
  /** The memory behind the buffer, to transfer to another thread (this buffer must not be used after that). */
  memory(): ArrayBuffer {
    return this.buf.buffer as ArrayBuffer;
  }
  reset() {
    this.length = 0;
    this.rows = 0;
  }
}
