import { ACTION, DIRECTION, Dictionary, FlowLogParser, STATUS, newFlowBatch, type FlowBatch } from './flow-log-parser.js';

/**
 * A flow-log record as an object, keyed by the catalog's flowlogs column names (the Parquet row
 * shape). Integer columns may arrive as numbers, bigints (Parquet int64) or numeric strings; `-`
 * and missing values are null.
 */
export interface FlowLogRow {
  version?: number | bigint | string | null;
  account_id?: string | number | bigint | null;
  interface_id?: string | null;
  srcaddr?: string | null;
  dstaddr?: string | null;
  srcport?: number | bigint | string | null;
  dstport?: number | bigint | string | null;
  protocol?: number | bigint | string | null;
  packets?: number | bigint | string | null;
  bytes?: number | bigint | string | null;
  start?: number | bigint | string | null;
  end?: number | bigint | string | null;
  action?: string | null;
  log_status?: string | null;
  tcp_flags?: number | bigint | string | null;
  flow_direction?: string | null;
  [column: string]: unknown;
}

function num(value: unknown): number {
  if (value === null || value === undefined || value === '-' || value === '') return Number.NaN;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const n = Number(String(value).trim());
  return Number.isFinite(n) ? n : Number.NaN;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = String(value).trim();
  return s === '' || s === '-' ? null : s;
}

/** Catalog-shaped rows (text, Parquet, JSON) into a columnar batch; rows without a start time are skipped. */
export function batchFromRows(rows: readonly FlowLogRow[], dictionary = new Dictionary()): { batch: FlowBatch; skipped: number } {
  const batch = newFlowBatch(rows.length, dictionary);
  let skipped = 0;
  for (const row of rows) {
    const start = num(row.start);
    if (Number.isNaN(start)) {
      skipped++;
      continue;
    }
    const i = batch.length++;
    const account = text(row.account_id);
    batch.account[i] = account === null ? -1 : dictionary.account(account);
    const src = text(row.srcaddr);
    const dst = text(row.dstaddr);
    batch.src[i] = src === null ? Number.NaN : dictionary.address(src);
    batch.dst[i] = dst === null ? Number.NaN : dictionary.address(dst);
    const int = (v: unknown) => {
      const n = num(v);
      return Number.isNaN(n) ? -1 : n;
    };
    batch.srcPort[i] = int(row.srcport);
    batch.dstPort[i] = int(row.dstport);
    batch.protocol[i] = int(row.protocol);
    batch.packets[i] = num(row.packets);
    batch.bytes[i] = num(row.bytes);
    batch.start[i] = start;
    const end = num(row.end);
    batch.end[i] = Number.isNaN(end) ? start : end;
    const action = text(row.action)?.toUpperCase();
    batch.action[i] = action === 'ACCEPT' ? ACTION.ACCEPT : action === 'REJECT' ? ACTION.REJECT : ACTION.NONE;
    const status = text(row.log_status)?.toUpperCase();
    batch.status[i] = status === 'OK' ? STATUS.OK : status === 'NODATA' ? STATUS.NODATA : status === 'SKIPDATA' ? STATUS.SKIPDATA : STATUS.UNKNOWN;
    batch.tcpFlags[i] = int(row.tcp_flags);
    const direction = text(row.flow_direction)?.toLowerCase();
    batch.direction[i] = direction === 'ingress' ? DIRECTION.INGRESS : direction === 'egress' ? DIRECTION.EGRESS : DIRECTION.UNKNOWN;
  }
  return { batch, skipped };
}

/** One record of a batch, back in the catalog's shape (the fields the parser keeps). */
export function rowAt(batch: FlowBatch, i: number): FlowLogRow {
  const d = batch.dictionary;
  const nullable = (n: number) => (n < 0 || Number.isNaN(n) ? null : n);
  return {
    account_id: batch.account[i]! < 0 ? null : (d.accounts[batch.account[i]!] ?? null),
    srcaddr: d.addressText(batch.src[i]!),
    dstaddr: d.addressText(batch.dst[i]!),
    srcport: nullable(batch.srcPort[i]!),
    dstport: nullable(batch.dstPort[i]!),
    protocol: nullable(batch.protocol[i]!),
    packets: nullable(batch.packets[i]!),
    bytes: nullable(batch.bytes[i]!),
    start: batch.start[i]!,
    end: batch.end[i]!,
    action: (['', 'ACCEPT', 'REJECT'][batch.action[i]!] || null) as string | null,
    log_status: (['', 'OK', 'NODATA', 'SKIPDATA'][batch.status[i]!] || null) as string | null,
    tcp_flags: nullable(batch.tcpFlags[i]!),
    flow_direction: (['', 'ingress', 'egress'][batch.direction[i]!] || null) as string | null,
  };
}

/** A whole text (or buffer) of flow-log lines into one batch. */
export function parseFlowLogText(input: string | Uint8Array, options: { format?: readonly string[]; dictionary?: Dictionary } = {}): {
  batch: FlowBatch;
  format: string[] | null;
  skipped: number;
  skippedLines: Array<{ line: number; reason: string }>;
} {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let lines = 1;
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++;
  const parser = new FlowLogParser(options);
  const batch = newFlowBatch(lines, parser.dictionary);
  const progress = parser.parseInto(buf, batch);
  return { batch, format: parser.format, skipped: progress.skipped, skippedLines: progress.skippedLines };
}
