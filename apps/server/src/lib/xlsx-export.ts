import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { ZipFile } from 'yazl';

/** Rows between two progress reports. */
const BATCH = 500;
/** The sheet's XML is handed to the zip in pieces of about this many characters (a few dozen rows each). */
const CHUNK_CHARS = 64 * 1024;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

const CONTENT_TYPES_XML =
  `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS_XML =
  `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
  `<Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/>` +
  '</Relationships>';

const WORKBOOK_RELS_XML =
  `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
  `<Relationship Id="rId1" Type="${NS_REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${NS_REL}/styles" Target="styles.xml"/>` +
  '</Relationships>';

/** Two cell formats: 0 the default, 1 bold (the header row). */
const STYLES_XML =
  `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const workbookXml = (sheetName: string) =>
  `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
  `<sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets>` +
  '</workbook>';

const SHEET_HEAD = `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><sheetData>`;
const SHEET_TAIL = '</sheetData></worksheet>';

/**
 * What cell text cannot hold as is: the XML specials; characters XML 1.0 does not allow (C0 controls but tab, LF
 * and CR; lone surrogates — in a `u` pattern a surrogate range only matches unpaired ones; U+FFFE and U+FFFF); CR,
 * which an XML reader would turn into LF unless written as a reference; and an `_` that starts an `_xHHHH_`, which
 * Excel would read as an escaped character.
 */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const SPECIAL = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]|_(?=x[0-9A-Fa-f]{4}_)/u;
// eslint-disable-next-line no-control-regex -- as above
const SPECIAL_ALL = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]|_(?=x[0-9A-Fa-f]{4}_)/gu;
const REPLACEMENT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', _: '_x005F_' };

/** Text made safe for XML content or an attribute value (characters XML 1.0 forbids are dropped). */
function xmlText(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => REPLACEMENT[c] ?? '') : s;
}

/** A column's letters: 0 → A, 25 → Z, 26 → AA. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A sheet name Excel accepts: none of `[]:*?/\`, at most 31 characters, not empty. */
const safeSheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet1';

/**
 * The worksheet's XML, row by row, as the CSV's records come: each cell an inline string (the header's bold), an
 * empty cell left out. A generator, so it reads the next records only when the zip asks for more.
 */
async function* sheetXml(records: AsyncIterable<string[]>, counted: (rows: number) => void): AsyncGenerator<string> {
  const columns: string[] = [];
  let chunk = SHEET_HEAD;
  let row = 0;
  for await (const record of records) {
    row++;
    const style = row === 1 ? ' s="1"' : '';
    chunk += `<row r="${row}">`;
    for (let c = 0; c < record.length; c++) {
      const text = record[c]!;
      if (text === '') continue;
      const column = (columns[c] ??= columnName(c));
      chunk += `<c r="${column}${row}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(text)}</t></is></c>`;
    }
    chunk += '</row>';
    counted(row - 1);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + SHEET_TAIL;
}

/**
 * Turns an export's CSV (as PostgreSQL's COPY writes it: a header row, then the rows, already formula-safe) into an
 * XLSX workbook of one sheet, written to `out` as it goes. The workbook is our own minimal SpreadsheetML in a zip
 * (yazl): the small parts are fixed, and the sheet is produced row by row (inline strings, no shared strings) by
 * a stream that csv-parse feeds only as fast as the compressor and `out` take the bytes — the whole way is under
 * backpressure, so memory stays flat whatever the row count (tens of MB, a million wide rows included; see the
 * export bench's xlsx_peak_rss_mb). Every cell is text, as in the CSV; an empty cell stays empty; the header row
 * is bold. Resolves with the number of rows (the header not counted) once the workbook is complete and `out`
 * ended; `onRows` hears the running count every few hundred rows. On a failure `out` is destroyed with the error.
 */
export async function csvToXlsx(csv: Readable, out: Writable, opts: { sheetName: string; onRows?: (rows: number) => void }): Promise<number> {
  const zip = new ZipFile();
  const zipped = zip.outputStream as Readable;
  // Any failure ends the zip's output, and so the pipeline below. Listened for at once: the parser runs (and may
  // fail) before the zip gets to the sheet; yazl pipes the sheet without watching it, and reports its own errors.
  const fail = (err: Error) => zipped.destroy(err);
  const parser = csv.pipe(parse({ bom: true, relax_column_count: false }));
  csv.on('error', (err) => parser.destroy(err));
  parser.on('error', fail);
  let rows = 0;
  const sheet = Readable.from(
    sheetXml(parser as AsyncIterable<string[]>, (n) => {
      rows = n;
      if (n > 0 && n % BATCH === 0) opts.onRows?.(n);
    }),
    { objectMode: false },
  );
  sheet.on('error', fail);
  zip.on('error', fail);
  zip.addBuffer(Buffer.from(CONTENT_TYPES_XML), '[Content_Types].xml');
  zip.addBuffer(Buffer.from(ROOT_RELS_XML), '_rels/.rels');
  zip.addBuffer(Buffer.from(workbookXml(safeSheetName(opts.sheetName))), 'xl/workbook.xml');
  zip.addBuffer(Buffer.from(WORKBOOK_RELS_XML), 'xl/_rels/workbook.xml.rels');
  zip.addBuffer(Buffer.from(STYLES_XML), 'xl/styles.xml');
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml');
  zip.end();

  try {
    await pipeline(zipped, out);
  } catch (err) {
    // Nothing more to read: stop the sheet and the parser (the caller stops the COPY behind them).
    sheet.destroy();
    parser.destroy();
    throw err;
  }
  return rows;
}

/**
 * The XLSX of an export as a stream to send: the workbook is written in the background, and a failure (the query
 * or the client going away) ends the stream with that error, which also stops the COPY behind it.
 */
export function xlsxStream(csv: Readable, sheetName: string): Readable {
  const out = new PassThrough();
  csvToXlsx(csv, out, { sheetName }).catch((err: unknown) => {
    csv.destroy();
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  out.on('close', () => {
    if (!csv.destroyed && !csv.readableEnded) csv.destroy();
  });
  return out;
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
