// The file parser thread of an import (started by parseInWorker in imports.engine.ts): reads the file's bytes as
// the main thread sends them, parses rows and cells, and sends back chunks of COPY text for the staging table.
// It imports only what parsing needs: no database, no HTTP.
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { ChunkBuffer, copyLine } from './copy-text.ts';
import { convertContext, ENTITIES } from './entities.ts';
import { readRows } from './file-reader.ts';
import type { FromParser, ParserInput, ToParser } from './imports.engine.ts';

const port = parentPort!;
const input = (workerData as { data: ParserInput & { buffers: number } }).data;
const send = (m: FromParser, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** The file as a stream, asking the main thread for its next bytes whenever the parser wants more. */
const file = new Readable({
  read() {
    send({ type: 'more' });
  },
});

const free: ChunkBuffer[] = [];
let created = 0;
let returned: (() => void) | null = null;
port.on('message', (m: ToParser) => {
  if (m.type === 'bytes') file.push(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
  else if (m.type === 'end') file.push(null);
  else {
    free.push(new ChunkBuffer(Buffer.from(m.memory)));
    returned?.();
    returned = null;
  }
});

/** An empty chunk buffer: a returned one, a new one while fewer than PARSER_BUFFERS exist, else wait for one. */
async function nextBuffer(): Promise<ChunkBuffer> {
  while (free.length === 0 && created >= input.buffers) await new Promise<void>((resolve) => (returned = resolve));
  if (free.length === 0) {
    created++;
    return new ChunkBuffer();
  }
  const b = free.pop()!;
  b.reset();
  return b;
}

function ship(b: ChunkBuffer) {
  const memory = b.memory();
  send({ type: 'chunk', memory, length: b.length, rows: b.rows }, [memory]);
}

try {
  const convert = ENTITIES[input.entity].converter(convertContext(input.job, input.customFields));
  let filling = await nextBuffer();
  for await (const row of readRows(file, input.file).rows) {
    filling.push(copyLine(row.rowNo, convert(row.cells)));
    if (filling.rows < input.chunkRows) continue;
    ship(filling);
    filling = await nextBuffer();
  }
  if (filling.rows > 0) ship(filling);
  send({ type: 'done' });
} catch (err) {
  const e = err as Error & { code?: unknown; status?: unknown; details?: unknown };
  const operational = e.name === 'AppError' && typeof e.code === 'string';
  send({ type: 'error', error: { message: e.message ?? String(err), ...(operational ? { code: e.code as string, status: e.status as number, details: e.details } : {}) } });
}
