import { flowlogsTable } from '../../catalog/tables/flowlogs.js';
import { joinFailures, parseCsv, readInputText, readParquetRecords, type FileRows } from './read-input.js';

/** The default format's fields (version 2), in order: what a file without a header line holds. */
const DEFAULT_FORMAT_FIELDS = [
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport',
  'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log-status',
];

const CATALOG_COLUMNS = new Set(flowlogsTable.columns.map((c) => c.name));

/** `account-id` (AWS format strings, header lines) and `account_id` (CSV exports, Parquet) both name the column account_id. */
function flowLogColumn(field: string): string {
  return field.trim().toLowerCase().replace(/-/g, '_');
}

/**
 * Flow-log rows keyed by the catalog's columns, values as text (`-` is null; the writer gives
 * them their types). Space-separated AWS text with a header line (any custom format of versions
 * 2–5 and later) or without one (the default v2 fields), or comma-separated with a header whose
 * names use either spelling. Header fields the table has no column for are ignored.
 */
export function parseFlowLogText(text: string): FileRows {
  const firstLine = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const records = firstLine.includes(',') ? parseCsv(text) : spaceSeparatedRecords(text);
  const first = records[0];
  if (!first) return { rows: [], skipped: [], failure: 'no records' };
  const hasHeader = !/^\d+$/.test(first.fields[0]!.trim());
  const fields = (hasHeader ? first.fields : DEFAULT_FORMAT_FIELDS).map(flowLogColumn);
  if (!fields.some((field) => CATALOG_COLUMNS.has(field))) return { rows: [], skipped: [], failure: `the header line names no flow-log field: ${first.fields.join(' ')}` };
  const result: FileRows = { rows: [], skipped: [] };
  for (const { fields: values, line } of hasHeader ? records.slice(1) : records) {
    if (values.length !== fields.length) {
      const format = hasHeader ? 'the header line' : 'the default format (a custom format needs its header line)';
      result.skipped.push({ line, reason: `${values.length} fields where ${format} has ${fields.length}` });
      continue;
    }
    const record = Object.fromEntries(fields.map((field, index) => [field, values[index] === '-' ? null : values[index]]));
    result.rows.push({ row: flowLogRow(record), line });
  }
  return result;
}

function spaceSeparatedRecords(text: string): { fields: string[]; line: number }[] {
  return text
    .split('\n')
    .map((content, index) => ({ fields: content.trim().split(/\s+/), line: index + 1 }))
    .filter((record) => record.fields[0] !== '');
}

/** The catalog's columns of a record whose keys are flow-log field names in either spelling. */
function flowLogRow(record: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(record)) if (CATALOG_COLUMNS.has(flowLogColumn(field))) row[flowLogColumn(field)] = value;
  return row;
}

/** A flow-log file: Parquet delivery (by name), else text (the delivery's `.log.gz` or an export), plain or gzip. */
export async function readFlowLogFile(path: string): Promise<FileRows> {
  if (/\.parquet$/i.test(path)) {
    const { records, failure } = await readParquetRecords(path);
    return { rows: records.map((record) => ({ row: flowLogRow(record) })), skipped: [], failure };
  }
  const input = await readInputText(path);
  if (input.text === '') return { rows: [], skipped: [], failure: input.failure };
  const parsed = parseFlowLogText(input.text);
  return { ...parsed, failure: joinFailures(input.failure, parsed.failure) };
}
