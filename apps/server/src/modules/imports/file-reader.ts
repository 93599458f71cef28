import { Transform, type Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import type { ENCODINGS, DELIMITERS } from '@grip/contracts/imports';

export type Encoding = (typeof ENCODINGS)[number];
export type Delimiter = (typeof DELIMITERS)[number];
export type FileFormat = 'csv' | 'xlsx';

/** The widest file the wizard takes, in columns. */
export const MAX_COLUMNS = 200;
/** Bytes of the head the detection looks at. */
export const HEAD_BYTES = 64 * 1024;

/** What the first bytes say: an XLSX workbook (a zip), text in some encoding, or neither (binary). */
export function detectFormat(head: Buffer): { format: FileFormat; encoding: Encoding } | null {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: 'xlsx', encoding: 'utf-8' };
  const encoding = detectEncoding(head);
  if (encoding === 'utf-8' || encoding === 'latin1') {
    // Text has no NUL bytes and few control characters; anything else is a binary file we cannot read.
    let control = 0;
    for (const b of head) {
      if (b === 0) return null;
      if (b < 9 || (b > 13 && b < 32)) control++;
    }
    if (control > head.length / 100) return null;
  }
  return { format: 'csv', encoding };
}

/** Byte-order marks first; then UTF-16 by its NUL pattern; then strict UTF-8; else Latin-1 (Windows-1252). */
export function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const pairs = Math.min(head.length >> 1, 2048);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenNul++;
    if (head[2 * i + 1] === 0) oddNul++;
  }
  if (pairs > 4 && oddNul > pairs * 0.3 && evenNul < pairs * 0.05) return 'utf-16le';
  if (pairs > 4 && evenNul > pairs * 0.3 && oddNul < pairs * 0.05) return 'utf-16be';
  try {
    // `stream: true` lets a character cut at the end of the head pass.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'latin1';
  }
}

/** Text of the head in an encoding (the BOM dropped). */
export function decodeHead(head: Buffer, encoding: Encoding): string {
  return makeDecoder(encoding).decode(head, { stream: true });
}

function makeDecoder(encoding: Encoding): TextDecoder {
  // WHATWG "latin1" is Windows-1252, a superset of ISO-8859-1 for printable text: what spreadsheets mean by it.
  // UTF-16BE is not in Node's small-ICU decoders everywhere, so it is swapped to LE bytes first (see decoderStream).
  return new TextDecoder(encoding === 'utf-16be' ? 'utf-16le' : encoding);
}

/**
 * The delimiter of CSV text: the candidate that splits the first lines (outside quotes) into the same number of
 * columns most consistently, and into the most columns when several do.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines = splitLines(text).slice(0, 30);
  if (lines.length > 1 && !/\r?\n$/.test(text)) lines.pop(); // the last line may be cut off
  let best: { d: Delimiter; score: number; width: number } = { d: ',', score: -1, width: 0 };
  for (const d of [',', ';', '\t', '|'] as const) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const score = counts.filter((c) => c === first).length;
    if (score > best.score || (score === best.score && first > best.width)) best = { d, score, width: first };
  }
  return best.d;
}

function splitLines(text: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      out.push(text.slice(start, i).replace(/\r$/, ''));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((l) => l.trim() !== '');
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

/** Bytes → text in `encoding`, streaming (a character split across chunks is kept for the next one). */
function decoderStream(encoding: Encoding): Transform {
  const decoder = makeDecoder(encoding);
  let carry: number | null = null; // UTF-16BE: an odd byte left over
  let first = true;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      let bytes = chunk;
      if (encoding === 'utf-16be') {
        if (carry !== null) bytes = Buffer.concat([Buffer.from([carry]), bytes]);
        carry = bytes.length % 2 ? bytes[bytes.length - 1]! : null;
        bytes = Buffer.from(bytes.subarray(0, bytes.length - (carry !== null ? 1 : 0)));
        bytes.swap16();
      }
      let text = decoder.decode(bytes, { stream: true });
      if (first) {
        text = text.replace(/^\uFEFF/, '');
        first = false;
      }
      done(null, text);
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
}

export interface RowSource {
  /** Data rows after the header, each with its row number in the file (the header row is 1). */
  rows: AsyncIterable<{ rowNo: number; cells: string[] }>;
  headers: Promise<string[]>;
}

/**
 * Reads a stored file row by row with constant memory. `onBytes` hears how many bytes of the file have been
 * read so far (for progress). The first non-empty row is the header.
 */
export function readRows(source: Readable, opts: { format: FileFormat; encoding: Encoding; delimiter: Delimiter; onBytes?: (n: number) => void }): RowSource {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      opts.onBytes?.(bytes);
      done(null, chunk);
    },
  });
  source.on('error', (err) => counter.destroy(err));
  const counted = source.pipe(counter);
  let resolveHeaders!: (h: string[]) => void;
  let rejectHeaders!: (e: unknown) => void;
  const headers = new Promise<string[]>((res, rej) => {
    resolveHeaders = res;
    rejectHeaders = rej;
  });
  headers.catch(() => {});
  const raw = opts.format === 'xlsx' ? xlsxRows(counted) : csvRows(counted, opts.encoding, opts.delimiter);
  async function* rows() {
    let header: string[] | null = null;
    try {
      for await (const r of raw) {
        if (!header) {
          if (r.cells.every((c) => c.trim() === '')) continue;
          header = r.cells.slice(0, MAX_COLUMNS).map((h) => h.trim());
          resolveHeaders(header);
          continue;
        }
        if (r.cells.every((c) => c.trim() === '')) continue;
        yield { rowNo: r.rowNo, cells: r.cells.length > MAX_COLUMNS ? r.cells.slice(0, MAX_COLUMNS) : r.cells };
      }
      if (!header) resolveHeaders([]);
    } catch (err) {
      rejectHeaders(err);
      throw err;
    } finally {
      source.destroy();
    }
  }
  return { rows: rows(), headers };
}

async function* csvRows(input: Readable, encoding: Encoding, delimiter: Delimiter): AsyncGenerator<{ rowNo: number; cells: string[] }> {
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, info: false });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(decoderStream(encoding)).pipe(parser);
  let rowNo = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rowNo++;
    yield { rowNo, cells: record };
  }
}

/** A cell as text: dates as ISO (date only at midnight UTC), rich text joined, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function* xlsxRows(input: Readable): AsyncGenerator<{ rowNo: number; cells: string[] }> {
  // Loaded when a workbook is read, not with the server: it is large (about 17 MB and 150 ms to load).
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      yield { rowNo: row.number, cells };
    }
    return; // the first worksheet only
  }
}

/** The header and the first `n` data rows of a stored file. */
export async function readHead(source: Readable, opts: { format: FileFormat; encoding: Encoding; delimiter: Delimiter }, n: number) {
  const { rows, headers } = readRows(source, opts);
  const sample: Array<{ rowNo: number; cells: string[] }> = [];
  for await (const r of rows) {
    sample.push(r);
    if (sample.length >= n) break;
  }
  return { headers: await headers, sample };
}
