import { gunzipSync } from 'node:zlib';
import type { MetricPoint } from '../detector.js';
import { DEFAULT_FORMAT, Dictionary, FlowLogParser, newFlowBatch, type FlowBatch } from '../flow-log-parser.js';

/**
 * Kinesis records → detector input. A record holds one of:
 * - a CloudWatch Logs subscription payload (gzip JSON): each DATA_MESSAGE log event is one
 *   flow-log line; CONTROL_MESSAGE (CloudWatch checking the destination) is ignored;
 * - raw flow-log text: lines, optionally after a header line naming the format;
 * - CloudWatch Metric Streams output: newline-delimited JSON, one metric and period a line.
 * CloudWatch Logs messages carry no header, so a custom flow-log format must be given in
 * `format`; it also applies to raw text without a header. A record that cannot be read is
 * reported by sequence number, never thrown: the caller decides, and one bad record must not
 * stop a shard.
 */

export interface KinesisDataRecord {
  kinesis: { data: string; sequenceNumber: string };
}

export interface DecodeOptions {
  /** The flow-log format (field names, `${…}` or not); the v2 default when absent. */
  format?: readonly string[];
}

export interface UndecodableRecord {
  sequenceNumber: string;
  reason: string;
}

export interface DecodedRecords {
  /** Every flow-log line of the records, in record order. */
  flows: FlowBatch;
  metrics: MetricPoint[];
  undecodable: UndecodableRecord[];
  /** Lines that did not fit (flow-log or metric) in records otherwise read. */
  skippedLines: number;
  controlMessages: number;
}

interface FlowText {
  index: number;
  sequenceNumber: string;
  text: Uint8Array;
  /** Undefined when the text starts with its own header line. */
  format: readonly string[] | undefined;
}

type Content = { kind: 'flows'; text: Uint8Array; header: boolean } | { kind: 'metrics'; points: MetricPoint[]; skipped: number } | { kind: 'control' };

export function decodeRecords(records: readonly KinesisDataRecord[], options: DecodeOptions = {}): DecodedRecords {
  const format = options.format ?? DEFAULT_FORMAT;
  const texts: FlowText[] = [];
  const metrics: MetricPoint[] = [];
  const undecodable: Array<UndecodableRecord & { index: number }> = [];
  let skippedLines = 0;
  let controlMessages = 0;
  records.forEach(({ kinesis }, index) => {
    try {
      const content = readRecord(Buffer.from(kinesis.data, 'base64'));
      if (content.kind === 'control') controlMessages++;
      else if (content.kind === 'metrics') {
        for (const point of content.points) metrics.push(point);
        skippedLines += content.skipped;
      } else texts.push({ index, sequenceNumber: kinesis.sequenceNumber, text: content.text, format: content.header ? undefined : format });
    } catch (error) {
      undecodable.push({ index, sequenceNumber: kinesis.sequenceNumber, reason: error instanceof Error ? error.message : String(error) });
    }
  });
  // One batch and one dictionary for all the lines; a parser per record, since each may have its own header.
  let capacity = 0;
  for (const { text } of texts) capacity += lineCount(text);
  const dictionary = new Dictionary();
  const flows = newFlowBatch(capacity, dictionary);
  for (const { index, sequenceNumber, text, format: recordFormat } of texts) {
    const parser = new FlowLogParser(recordFormat ? { format: recordFormat, dictionary } : { dictionary });
    const before = flows.length;
    const progress = parser.parseInto(text, flows);
    if (flows.length === before && progress.skipped > 0) {
      const first = progress.skippedLines[0]!;
      undecodable.push({ index, sequenceNumber, reason: `no line fits the flow-log format (line ${first.line}: ${first.reason})` });
    } else skippedLines += progress.skipped;
  }
  undecodable.sort((a, b) => a.index - b.index);
  return { flows, metrics, undecodable: undecodable.map(({ sequenceNumber, reason }) => ({ sequenceNumber, reason })), skippedLines, controlMessages };
}

function readRecord(bytes: Buffer): Content {
  const data = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzip(bytes) : bytes;
  let p = 0;
  while (p < data.length && (data[p] === 32 || data[p] === 9 || data[p] === 10 || data[p] === 13)) p++;
  if (data[p] === 0x7b) return readJson(data.toString('utf8')); // '{'
  return { kind: 'flows', text: data, header: startsWithHeader(data, p) };
}

interface LogsEnvelope {
  messageType: string;
  logEvents?: Array<{ message?: unknown }>;
}

function readJson(text: string): Content {
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined; // several lines: Metric Streams
  }
  if (typeof whole === 'object' && whole !== null && typeof (whole as LogsEnvelope).messageType === 'string') {
    const envelope = whole as LogsEnvelope;
    if (envelope.messageType === 'CONTROL_MESSAGE') return { kind: 'control' };
    if (envelope.messageType !== 'DATA_MESSAGE' || !Array.isArray(envelope.logEvents)) throw new Error(`a CloudWatch Logs payload of type ${envelope.messageType} without log events`);
    const lines = envelope.logEvents.map((event) => (typeof event?.message === 'string' ? event.message : ''));
    return { kind: 'flows', text: Buffer.from(lines.join('\n'), 'utf8'), header: false };
  }
  const points: MetricPoint[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const point = metricPoint(line);
    if (point) points.push(point);
    else skipped++;
  }
  if (points.length === 0) throw new Error('JSON that is neither a CloudWatch Logs subscription payload nor CloudWatch Metric Streams lines');
  return { kind: 'metrics', points, skipped };
}

interface MetricStreamLine {
  account_id?: string;
  region?: string;
  namespace: string;
  metric_name: string;
  dimensions?: Record<string, string>;
  timestamp: number;
  value: { sum: number; count: number };
  unit?: string;
}

/**
 * One Metric Streams line as a point. Count-unit metrics (Errors, Invocations, RequestCount, …)
 * are totals per period, so their value is the sum; anything else (Percent, Seconds, Bytes,
 * rates) is a level, so the average sum / count. The metric is named with its namespace
 * (`AWS/Lambda/Errors`), and the region joins the dimensions: the same function name in two
 * regions is two series.
 */
function metricPoint(line: string): MetricPoint | null {
  let o: MetricStreamLine;
  try {
    o = JSON.parse(line) as MetricStreamLine;
  } catch {
    return null;
  }
  if (typeof o?.metric_name !== 'string' || typeof o.namespace !== 'string' || typeof o.timestamp !== 'number' || typeof o.value?.sum !== 'number' || typeof o.value.count !== 'number') return null;
  const value = o.unit === 'Count' ? o.value.sum : o.value.sum / o.value.count;
  if (!Number.isFinite(value)) return null;
  return {
    timestamp: o.timestamp,
    value,
    metric: `${o.namespace}/${o.metric_name}`,
    dimensions: { ...o.dimensions, ...(o.region ? { Region: o.region } : {}) },
    ...(o.account_id ? { account: o.account_id } : {}),
    ...(o.unit ? { unit: o.unit } : {}),
  };
}

function gunzip(bytes: Buffer): Buffer {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new Error(`gzip that does not decompress (${error instanceof Error ? error.message : String(error)})`);
  }
}

const HEADER_FIELD = /^(\$\{[a-z][a-z-]*\}|[a-z][a-z_-]*)$/;

/** A header line names fields (`version account-id …`, or `${version} …`); data lines have digits, addresses, ACCEPT. */
function startsWithHeader(data: Buffer, from: number): boolean {
  let end = data.indexOf(10, from);
  if (end < 0) end = data.length;
  const tokens = data.toString('latin1', from, end).trim().split(/\s+/);
  return tokens.length > 1 && tokens.every((t) => HEADER_FIELD.test(t));
}

function lineCount(text: Uint8Array): number {
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text[i] === 10) lines++;
  return lines;
}
