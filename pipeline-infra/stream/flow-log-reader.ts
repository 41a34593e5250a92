import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FlowLogParser, newFlowBatch, type FlowBatch } from './flow-log-parser.js';

export interface ReadReport {
  bytes: number;
  records: number;
  skipped: number;
  skippedLines: Array<{ line: number; reason: string }>;
  format: string[] | null;
}

/**
 * Reads a flow-log text file in chunks into reused batches, calling `onBatch` for each (the batch
 * is overwritten afterwards: consume it in the callback). Lines split across chunks are carried
 * over; a `.gz` file is decompressed first. Nothing is held but one chunk and one batch.
 */
export function readFlowLogFile(path: string, onBatch: (batch: FlowBatch) => void, options: { chunkBytes?: number; batchSize?: number; format?: readonly string[] } = {}): ReadReport {
  const parser = new FlowLogParser({ format: options.format });
  // 8,192 records (~600 KB of columns) stay in a core's L2 cache between the parser writing them and the consumer reading them.
  const batch = newFlowBatch(options.batchSize ?? 8192, parser.dictionary);
  let records = 0;
  let lastProgress = { skipped: 0, skippedLines: [] as Array<{ line: number; reason: string }> };
  const drain = (buf: Uint8Array, from: number, to: number, final: boolean): number => {
    let off = from;
    while (off < to) {
      batch.length = 0;
      const progress = parser.parseInto(buf, batch, off, to, final);
      lastProgress = progress;
      if (batch.length > 0) {
        records += batch.length;
        onBatch(batch);
      }
      if (progress.offset === off) break; // an incomplete line: needs more bytes
      off = progress.offset;
    }
    return off;
  };

  if (/\.gz$/i.test(path)) {
    const text = gunzipSync(readFileSync(path));
    drain(text, 0, text.length, true);
    return { bytes: text.length, records, skipped: lastProgress.skipped, skippedLines: lastProgress.skippedLines, format: parser.format };
  }

  const chunkBytes = options.chunkBytes ?? 8 * 1024 * 1024;
  let buf = Buffer.allocUnsafe(chunkBytes);
  const fd = openSync(path, 'r');
  let bytes = 0;
  let filled = 0;
  try {
    while (true) {
      const n = readSync(fd, buf, filled, buf.length - filled, null);
      bytes += n;
      filled += n;
      const eof = n === 0;
      const consumed = drain(buf, 0, filled, eof);
      if (eof) break;
      if (consumed === 0 && filled === buf.length) {
        // One line longer than the chunk: grow the chunk.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
        continue;
      }
      buf.copy(buf, 0, consumed, filled);
      filled -= consumed;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, records, skipped: lastProgress.skipped, skippedLines: lastProgress.skippedLines, format: parser.format };
}
