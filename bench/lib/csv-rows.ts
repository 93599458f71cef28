// Counts the records of a CSV stream chunk by chunk, without holding it: a record ends at a line feed outside
// double quotes. Quoted fields may hold line feeds (notes, addresses); an escaped quote ("") inside a quoted field
// toggles the state twice and so changes nothing. The scanning is done with Buffer.indexOf (native), so counting a
// few hundred megabytes costs the bench process little of the CPU the measured server and PostgreSQL need.

const QUOTE = 0x22;
const LINE_FEED = 0x0a;

export class CsvRecordCounter {
  /** Records ended so far (header included). */
  private ended = 0;
  private inQuotes = false;
  /** Whether the last byte seen ended a record (or nothing was seen). */
  private atRecordStart = true;
  bytes = 0;
  /** The first bytes of the stream, to check its header and first rows. */
  private readonly headChunks: Buffer[] = [];
  private headBytes = 0;

  constructor(private readonly keepHead = 4096) {}

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    if (this.headBytes < this.keepHead) {
      const part = chunk.subarray(0, this.keepHead - this.headBytes);
      this.headChunks.push(Buffer.from(part));
      this.headBytes += part.length;
    }
    let pos = 0;
    while (pos < chunk.length) {
      if (this.inQuotes) {
        const close = chunk.indexOf(QUOTE, pos);
        if (close === -1) break;
        this.inQuotes = false;
        pos = close + 1;
        continue;
      }
      const quote = chunk.indexOf(QUOTE, pos);
      const end = quote === -1 ? chunk.length : quote;
      // Line feeds before the next quote (or the end of the chunk) each end a record.
      for (let lf = chunk.indexOf(LINE_FEED, pos); lf !== -1 && lf < end; lf = chunk.indexOf(LINE_FEED, lf + 1)) this.ended++;
      if (quote === -1) break;
      this.inQuotes = true;
      pos = quote + 1;
    }
    this.atRecordStart = chunk[chunk.length - 1] === LINE_FEED && !this.inQuotes;
  }

  /** Records in the stream, header included; a last record without a final line feed counts too. */
  get records(): number {
    return this.ended + (this.atRecordStart ? 0 : 1);
  }

  /** Whether the stream ended inside a quoted field (a truncated or malformed CSV). */
  get unbalanced(): boolean {
    return this.inQuotes;
  }

  /** The first `keepHead` bytes as text. */
  get head(): string {
    return Buffer.concat(this.headChunks).toString('utf8');
  }
}
