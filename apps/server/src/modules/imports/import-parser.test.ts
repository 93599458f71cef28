import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { copyLine } from './copy-text.ts';
import { convertContext, ENTITIES } from './entities.ts';
import { parseInWorker, type ParserInput, type StagedChunk } from './imports.engine.ts';

// The file parser thread (import-parser.ts) on its own, without a database: what comes back, in what chunks,
// how far it reads ahead, and how it stops.

const job = { mapping: { 0: 'name', 1: 'email', 2: 'phone' }, headers: ['Name', 'Email', 'Phone'], match_key: 'email' };
const input = (chunkRows: number, format: 'csv' | 'xlsx' = 'csv'): ParserInput => ({
  entity: 'customers',
  job,
  customFields: [],
  file: { format, encoding: 'utf-8', delimiter: ',' },
  chunkRows,
});
const line = (i: number) => `Person ${i},person-${i}@example.com,${i % 10 === 3 ? 'not a phone' : `+1415555${String(i % 10_000).padStart(4, '0')}`}\n`;

/** A CSV of `rows` rows, produced lazily in pieces of about 8 KiB; `produced()` says how many bytes so far. */
function lazyCsv(rows: number) {
  let produced = 0;
  function* pieces() {
    let piece = 'Name,Email,Phone\n';
    for (let i = 0; i < rows; i++) {
      piece += line(i);
      if (piece.length < 8192) continue;
      produced += piece.length;
      yield Buffer.from(piece);
      piece = '';
    }
    produced += piece.length;
    if (piece) yield Buffer.from(piece);
  }
  return { stream: Readable.from(pieces(), { objectMode: false }), produced: () => produced };
}

describe('the import file parser thread', () => {
  it('when a file has more rows than three chunk buffers hold, then every chunk comes back whole and in order, as the main thread would write it', async () => {
    const rows = 25_000;
    const convert = ENTITIES.customers.converter(convertContext(job, []));
    const chunks: StagedChunk[] = [];
    let bytes = 0;
    for await (const chunk of parseInWorker(lazyCsv(rows).stream, input(1_000), (n) => (bytes = n))) {
      // Copied out: the chunk's memory goes back to the thread for a later chunk once the loop moves on.
      chunks.push({ data: Buffer.from(chunk.data), rows: chunk.rows });
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(chunks.map((c) => c.rows)).toEqual(Array(25).fill(1_000));
    let expected = '';
    for (let i = 0; i < rows; i++) expected += copyLine(i + 2, convert(line(i).trimEnd().split(',')));
    expect(Buffer.concat(chunks.map((c) => c.data)).toString()).toBe(expected);
    expect(expected).toContain('is not a valid phone number');
    expect(bytes).toBe(Buffer.byteLength('Name,Email,Phone\n') + Array.from({ length: rows }, (_, i) => line(i)).join('').length);
  });

  it('when the consumer is slow, then the thread reads only a few chunks ahead of it, not the whole file', async () => {
    const file = lazyCsv(200_000); // about 9 MB
    const chunks = parseInWorker(file.stream, input(1_000));
    const first = await chunks.next();
    expect(first.done).toBe(false);
    // The thread goes on until its buffers are full, then the reading stops (parsing all 9 MB takes seconds).
    let ahead = file.produced();
    let stalled = false;
    for (let i = 0; i < 15 && !stalled; i++) {
      await new Promise((r) => setTimeout(r, 200));
      stalled = file.produced() === ahead;
      ahead = file.produced();
    }
    await chunks.return(undefined);
    expect(stalled).toBe(true);
    expect(ahead).toBeLessThan(2 * 1024 * 1024);
    expect(file.stream.destroyed).toBe(true);
  });

  it('when the consumer stops early, then the file is closed and the generator ends', async () => {
    const file = lazyCsv(50_000);
    let seen = 0;
    for await (const chunk of parseInWorker(file.stream, input(1_000))) {
      seen += chunk.rows;
      if (seen >= 3_000) break;
    }
    expect(seen).toBe(3_000);
    expect(file.stream.destroyed).toBe(true);
  });

  it('when the file cannot be parsed, then the thread reports why and the generator throws it', async () => {
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(4096, 7)]);
    await expect(async () => {
      for await (const _ of parseInWorker(Readable.from([broken]), input(100, 'xlsx'))) void _;
    }).rejects.toThrow(/\w/);
    const unclosed = Readable.from([Buffer.from('Name,Email\nAda,ada@example.com\n"Never closed,x@example.com\n')]);
    await expect(async () => {
      for await (const _ of parseInWorker(unclosed, input(100))) void _;
    }).rejects.toThrow(/quote/i);
  });

  it('when reading the stored file fails, then the generator throws that error', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk on fire'));
      },
    });
    await expect(async () => {
      for await (const _ of parseInWorker(failing, input(100))) void _;
    }).rejects.toThrow('disk on fire');
  });
});
