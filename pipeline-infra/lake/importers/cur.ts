import { curTable } from '../../catalog/tables/cur.js';
import { isObject, parseCsv, readInputText, readParquetRecords, type FileRows } from './read-input.js';

const CATALOG_COLUMNS = new Set(curTable.columns.map((c) => c.name));

/**
 * The catalog column a CUR header names: legacy CUR CSV writes `lineItem/UnblendedCost`
 * (→ `line_item_unblended_cost`); CUR 2.0 and the Athena/Parquet exports already use the
 * snake_case names.
 */
export function curColumnName(header: string): string {
  return header.trim().split('/').map(snakeCase).join('_');
}

function snakeCase(part: string): string {
  return part
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * A cost row keyed by the catalog's columns (values as read; the writer gives them their
 * types). Tags from any of the three spellings (`resourceTags/user:Team` columns, Athena's
 * `resource_tags_user_team` columns, CUR 2.0's `resource_tags` map) become one `resource_tags`
 * object. Columns the catalog does not keep are dropped.
 */
export function toCurRow(record: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const tags: Record<string, unknown> = {};
  for (const [header, value] of Object.entries(record)) {
    const tag = tagKey(header);
    const column = curColumnName(header);
    if (tag !== undefined) {
      if (value !== '' && value !== null) tags[tag] = value;
    } else if (column === 'resource_tags') Object.assign(tags, tagObject(value));
    else if (CATALOG_COLUMNS.has(column)) row[column] = value === '' ? null : value;
  }
  if (Object.keys(tags).length > 0) row.resource_tags = tags;
  return row;
}

function tagKey(header: string): string | undefined {
  const prefix = ['resourceTags/', 'resource_tags_'].find((p) => header.startsWith(p));
  return prefix ? header.slice(prefix.length) : undefined;
}

/** CUR 2.0's tag map: JSON text in CSV, a key/value list when DuckDB reads Parquet. */
function tagObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return isObject(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  if (Array.isArray(value)) return Object.fromEntries(value.filter(isObject).map((entry) => [String(entry.key), entry.value]));
  return isObject(value) ? value : {};
}

/** CUR CSV with a header line: each record as an object keyed by header name; records of the wrong width are skipped. */
export function parseCurCsv(text: string): FileRows {
  const [header, ...records] = parseCsv(text);
  const result: FileRows = { rows: [], skipped: [] };
  if (!header) return result;
  for (const { fields, line } of records) {
    if (fields.length !== header.fields.length) {
      result.skipped.push({ line, reason: `${fields.length} fields where the header has ${header.fields.length}` });
      continue;
    }
    result.rows.push({ row: toCurRow(Object.fromEntries(header.fields.map((name, index) => [name, fields[index]]))), line });
  }
  return result;
}

/** A CUR / Data Exports file: Parquet (by name), else CSV, plain or gzip. */
export async function readCurFile(path: string): Promise<FileRows> {
  if (/\.parquet$/i.test(path)) {
    const { records, failure } = await readParquetRecords(path);
    return { rows: records.map((record) => ({ row: toCurRow(record) })), skipped: [], failure };
  }
  const input = await readInputText(path);
  if (input.text === '') return { rows: [], skipped: [], failure: input.failure };
  return { ...parseCurCsv(input.text), failure: input.failure };
}
