import { columnPaths, qualifiedName, tableByName, type ColumnPath, type TableDef } from '../catalog/index.js';
import { logGroupPartitionValue } from '../catalog/tables/cloudwatch.js';
import type { ColumnType, PartitionRole } from '../catalog/types.js';
import { rowCap } from './guard/limits.js';
import { querySpecSchema, resolveColumn, type Aggregate, type Filter, type QuerySpec } from './query-spec.js';
import { sqlIdentifier, sqlString } from './sql-literal.js';

/**
 * QuerySpec → SQL (DESIGN §3.2). The output is deterministic: the same spec and dialect always
 * give the same text, and every value reaches the SQL only as an escaped literal.
 */

export type SqlDialect = 'duckdb' | 'athena';

export interface CompiledQuery {
  sql: string;
  table: TableDef;
  /** A verbose column is selected, so the LIMIT is capped at 5 rather than 20. */
  verbose: boolean;
}

/** The spec cannot be compiled; the message says what to change. */
export class QueryCompileError extends Error {
  override name = 'QueryCompileError';
}

/** Up to this many days the partition predicate lists days; beyond it, whole months. */
const DAY_LEVEL_MAX_DAYS = 62;

/**
 * Every commercial and GovCloud region: the region partition key is injected in Athena, so "any
 * region" has to be spelled out as a list.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2',
  'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-gov-east-1',
  'us-gov-west-1', 'us-west-1', 'us-west-2',
];

/** What is selected when a spec names no columns and no aggregates. */
const DEFAULT_COLUMNS: Record<string, string[]> = {
  cloudtrail_logs: ['eventtime', 'useridentity.arn', 'eventname', 'eventsource', 'errorcode', 'sourceipaddress', 'awsregion', 'recipientaccountid'],
  cloudwatch_logs: ['log_event.timestamp', 'loggroup', 'logstream', 'log_event.message', 'owner'],
  config_logs: ['configurationitemcapturetime', 'resourcetype', 'resourceid', 'resourcename', 'configurationitemstatus', 'awsaccountid', 'awsregion'],
  cur_data: ['line_item_usage_start_date', 'line_item_usage_account_id', 'line_item_product_code', 'line_item_usage_type', 'line_item_unblended_cost', 'line_item_currency_code', 'product_region_code'],
  flowlogs: ['start', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'action', 'bytes', 'packets', 'account_id', 'interface_id'],
  guardduty_findings: ['detail.updatedat', 'detail.type', 'detail.severity', 'detail.title', 'detail.accountid', 'detail.region'],
};

/**
 * Columns that, with the table's dedupe key and time, identify one event. Duplicate deliveries
 * share all of them; the Panther fixtures reuse placeholder event ids such as "1" for different
 * events, so the id alone would merge them.
 */
const DEDUPE_IDENTITY: Record<string, string[]> = {
  cloudtrail_logs: ['eventsource', 'eventname'],
};

const DEDUPE_ROW_NUMBER = 'cia_row';

type ColumnKind = ColumnType | 'json_text';

/** A column path of the spec, resolved against the table. */
interface Column {
  path: string;
  /** The expression over the table (before any de-duplication subquery). */
  sql: string;
  kind: ColumnKind;
  verbose: boolean;
}

interface OutputColumn {
  column: Column;
  name: string;
}

interface Ordering {
  sql: (render: Render) => string;
  direction: 'ASC' | 'DESC';
  column?: Column;
}

/** How a column is written in the final SELECT: its expression, or its name in the de-duplication subquery. */
type Render = (column: Column) => string;

export function compileQuerySpec(input: QuerySpec, dialect: SqlDialect): CompiledQuery {
  const spec = parseSpec(input);
  const table = tableByName(spec.table)!;
  const columns = new ColumnResolver(table, dialect);

  const grouped = spec.group_by.length > 0 || spec.aggregates.length > 0;
  const groupBy = spec.group_by.map((path) => columns.resolve(path));
  const outputs = outputColumns(spec, table, columns, grouped);
  const aggregates = spec.aggregates.map((aggregate) => ({ aggregate, column: aggregate.column ? columns.resolve(aggregate.column) : undefined }));
  assertUniqueNames([...outputs.map((o) => o.name), ...spec.aggregates.map((a) => a.as)]);
  const orderings = orderBy(spec, table, columns, outputs, grouped);

  const where = [
    ...partitionPredicates(spec, table, dialect),
    timePredicate(spec, table, columns),
    ...scopeColumnPredicates(spec, table, columns),
    ...spec.filters.map((filter) => filterPredicate(filter, columns.resolve(filter.column), dialect)),
  ];

  const dedupe = table.dedupeKey !== undefined;
  const projected = dedupe
    ? unique([...outputs.map((o) => o.column), ...groupBy, ...aggregates.flatMap((a) => (a.column ? [a.column] : [])), ...orderings.flatMap((o) => (o.column ? [o.column] : []))])
    : [...outputs.map((o) => o.column), ...groupBy, ...aggregates.flatMap((a) => (a.column && !isCount(a.aggregate) ? [a.column] : []))];
  // The guard caps on the same rule: a verbose column in any select list.
  const verbose = projected.some((column) => column.verbose);
  const limit = Math.min(spec.limit, rowCap(verbose));
  const { from, filtered, render } = dedupe
    ? deduplicated(table, columns, projected, fromClause(table, dialect), where)
    : { from: fromClause(table, dialect), filtered: where, render: (column: Column) => column.sql };

  const selectList = [
    ...outputs.map((o) => aliased(render(o.column), o.name)),
    ...aggregates.map(({ aggregate, column }) => `${aggregateSql(aggregate, column, render)} AS ${sqlIdentifier(aggregate.as)}`),
  ];
  const sql = [
    `SELECT ${spec.distinct ? 'DISTINCT ' : ''}${selectList.join(', ')}`,
    `FROM ${from}`,
    `WHERE ${filtered.join(' AND ')}`,
    groupBy.length > 0 ? `GROUP BY ${groupBy.map(render).join(', ')}` : '',
    orderings.length > 0 ? `ORDER BY ${orderings.map((o) => `${o.sql(render)} ${o.direction}`).join(', ')}` : '',
    `LIMIT ${limit}`,
  ]
    .filter(Boolean)
    .join('\n');
  return { sql, table, verbose };
}

function parseSpec(input: QuerySpec): QuerySpec {
  // Re-validated here: callers may build specs by hand, and the SQL must never depend on that.
  const parsed = querySpecSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'spec'}: ${issue.message}`);
    throw new QueryCompileError(`invalid query spec: ${issues.join('; ')}`);
  }
  const { from, to } = parsed.data.time;
  if (!(Date.parse(from) < Date.parse(to))) throw new QueryCompileError(`time.from (${from}) must be before time.to (${to})`);
  return parsed.data;
}

/** Resolves spec column paths against one table, once each. */
class ColumnResolver {
  private readonly paths: Map<string, ColumnPath>;
  private readonly resolved = new Map<string, Column>();

  constructor(
    readonly table: TableDef,
    private readonly dialect: SqlDialect,
  ) {
    this.paths = new Map(columnPaths(table).map((p) => [p.path, p]));
  }

  resolve(path: string): Column {
    let column = this.resolved.get(path);
    if (!column) this.resolved.set(path, (column = this.resolveNew(path)));
    return column;
  }

  private resolveNew(path: string): Column {
    const resolved = resolveColumn(this.table, path);
    if (!resolved) {
      const known = [...this.paths.keys()].slice(0, 40).join(', ');
      throw new QueryCompileError(`${this.table.name} has no column "${path}"; its columns include ${known}`);
    }
    if (resolved.kind === 'json') {
      const bad = resolved.jsonPath.find((segment) => !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment));
      if (bad !== undefined) throw new QueryCompileError(`"${bad}" in ${path} is not a JSON key cia can address`);
      return { path, sql: jsonText(sqlPath(resolved.column), resolved.jsonPath, this.dialect), kind: 'json_text', verbose: false };
    }
    // A struct holding a verbose field is as large as the field.
    const verbose = [...this.paths.values()].some((p) => p.verbose && (p.path === path || p.path.startsWith(`${path}.`)));
    return { path, sql: sqlPath(path), kind: this.paths.get(path)!.type, verbose };
  }
}

function sqlPath(path: string): string {
  return path.split('.').map(sqlIdentifier).join('.');
}

/** A value inside a JSON column as text: scalars as themselves, objects and arrays as JSON. */
function jsonText(column: string, keys: string[], dialect: SqlDialect): string {
  const path = '$' + keys.map((key) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `.${key}` : dialect === 'duckdb' ? `."${key}"` : `["${key}"]`)).join('');
  const literal = sqlString(path);
  // DuckDB's json_extract_string already returns objects and arrays as JSON text; Trino's json_extract_scalar gives NULL for them.
  return dialect === 'duckdb'
    ? `json_extract_string(${column}, ${literal})`
    : `COALESCE(json_extract_scalar(${column}, ${literal}), json_format(json_extract(${column}, ${literal})))`;
}

function fromClause(table: TableDef, dialect: SqlDialect): string {
  const base = qualifiedName(table);
  if (!table.unnest) return base;
  const { column, alias } = table.unnest;
  if (dialect === 'duckdb') return `${base} CROSS JOIN UNNEST(${sqlIdentifier(column)}) AS t(${sqlIdentifier(alias)})`;
  // Trino unnests an array of rows into one column per field: name the relation after the element,
  // so `log_event.message` reads the same in both dialects.
  const fields = columnPaths(table).filter((p) => p.path.startsWith(`${alias}.`)).map((p) => sqlIdentifier(p.path.slice(alias.length + 1)));
  return `${base} CROSS JOIN UNNEST(${sqlIdentifier(column)}) AS ${sqlIdentifier(alias)}(${fields.join(', ')})`;
}

function outputColumns(spec: QuerySpec, table: TableDef, columns: ColumnResolver, grouped: boolean): OutputColumn[] {
  const items = spec.select.length > 0
    ? spec.select
    : grouped
      ? spec.group_by.map((column) => ({ column, as: undefined }))
      : (DEFAULT_COLUMNS[table.name] ?? [table.time.column]).map((column) => ({ column, as: undefined }));
  return items.map((item) => {
    if (grouped && !spec.group_by.includes(item.column)) {
      throw new QueryCompileError(`"${item.column}" is selected but not grouped: add it to group_by, or leave it out of select`);
    }
    return { column: columns.resolve(item.column), name: item.as ?? item.column.replace(/\./g, '_') };
  });
}

function assertUniqueNames(names: string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name.toLowerCase())) throw new QueryCompileError(`two output columns are named "${name}": give one of them another alias with "as"`);
    seen.add(name.toLowerCase());
  }
}

function orderBy(spec: QuerySpec, table: TableDef, columns: ColumnResolver, outputs: OutputColumn[], grouped: boolean): Ordering[] {
  const byName = (name: string): Ordering['sql'] => () => sqlIdentifier(name);
  if (spec.order_by.length === 0) {
    // Top-N by the first aggregate, or the most recent rows first.
    const first = spec.aggregates[0];
    if (first) return [{ sql: byName(first.as), direction: 'DESC' }];
    if (grouped) return [];
    const time = columns.resolve(table.time.column);
    const selected = outputs.find((o) => o.column.path === time.path);
    if (selected) return [{ sql: byName(selected.name), direction: 'DESC' }];
    return spec.distinct ? [] : [{ sql: (render) => render(time), direction: 'DESC', column: time }];
  }
  return spec.order_by.map(({ column, direction }) => {
    const dir = direction === 'asc' ? 'ASC' : 'DESC';
    const named = spec.aggregates.find((a) => a.as === column)?.as ?? outputs.find((o) => o.name === column || o.column.path === column)?.name;
    if (named) return { sql: byName(named), direction: dir };
    if (grouped || spec.distinct) {
      throw new QueryCompileError(`cannot order by "${column}": with grouping or distinct, order by a selected column or an aggregate alias`);
    }
    const resolved = columns.resolve(column);
    return { sql: (render) => render(resolved), direction: dir, column: resolved };
  });
}

function isCount(aggregate: Aggregate): boolean {
  return aggregate.fn === 'count' || aggregate.fn === 'count_distinct';
}

function aggregateSql(aggregate: Aggregate, column: Column | undefined, render: Render): string {
  if (aggregate.fn === 'count') return column ? `count(${render(column)})` : 'count(*)';
  if (!column) throw new QueryCompileError(`aggregate ${aggregate.fn} (as ${aggregate.as}) needs a column`);
  const expression = render(column);
  switch (aggregate.fn) {
    case 'count_distinct':
      return `count(DISTINCT ${expression})`;
    case 'sum':
    case 'avg':
      return `${aggregate.fn}(${numeric(column, expression, aggregate.fn)})`;
    case 'min':
    case 'max':
      return `${aggregate.fn}(${expression})`;
  }
}

function numeric(column: Column, expression: string, fn: string): string {
  if (column.kind === 'json_text') return `TRY_CAST(${expression} AS DOUBLE)`;
  if (column.kind === 'int' || column.kind === 'bigint' || column.kind === 'double') return expression;
  throw new QueryCompileError(`${fn}(${column.path}) needs a numeric column`);
}

// ---------------------------------------------------------------- partitions and time

function partitionPredicates(spec: QuerySpec, table: TableDef, dialect: SqlDialect): string[] {
  const keyOf = (role: PartitionRole) => table.partitionKeys.find((k) => k.role === role)?.name;
  const predicates: string[] = [];
  const from = new Date(spec.time.from);
  const to = new Date(spec.time.to);
  const billing = keyOf('billing_period');
  if (billing) predicates.push(inList(billing, months(from, to)));
  const year = keyOf('year');
  if (year) predicates.push(datePartitionPredicate(year, keyOf('month')!, keyOf('day'), from, to));
  const scope: [PartitionRole, string[]][] = [['account', spec.accounts], ['region', spec.regions], ['log_group', logGroupValues(spec)]];
  for (const [role, values] of scope) {
    const key = keyOf(role);
    if (key) predicates.push(values.length > 0 ? inList(key, values) : openScope(table, key, role, dialect));
  }
  return predicates;
}

/** Log groups are a partition key: an eq/in filter on `loggroup` names them. */
function logGroupValues(spec: QuerySpec): string[] {
  const filter = spec.filters.find((f) => f.column === 'loggroup' && (f.op === 'eq' || f.op === 'in') && !f.ignore_case);
  return filter?.value === undefined ? [] : unique(asList(filter.value).map((v) => logGroupPartitionValue(String(v))));
}

/**
 * "Every account / region / log group": DuckDB gets the whole key space as a range, which the
 * guard accepts as a constraint. Athena's injected partition projection only takes listed values,
 * so there regions become the list of AWS regions and accounts and log groups must be named.
 */
function openScope(table: TableDef, key: string, role: PartitionRole, dialect: SqlDialect): string {
  const column = sqlIdentifier(key);
  if (dialect === 'duckdb') return role === 'account' ? `${column} BETWEEN '000000000000' AND '999999999999'` : `${column} > ''`;
  if (role === 'region') return inList(key, AWS_REGIONS);
  if (role === 'account') throw new QueryCompileError(`${table.name} is partitioned by account: list the accounts to query (Athena needs them named)`);
  throw new QueryCompileError(`${table.name} is partitioned by log group: add a filter {"column":"loggroup","op":"eq","value":"/aws/lambda/…"} (Athena needs it named)`);
}

function inList(key: string, values: readonly string[]): string {
  const literals = values.map(sqlString);
  return literals.length === 1 ? `${sqlIdentifier(key)} = ${literals[0]}` : `${sqlIdentifier(key)} IN (${literals.join(', ')})`;
}

/** UTC days of [from, to) as YYYY-MM-DD. */
function days(from: Date, to: Date): string[] {
  const out: string[] = [];
  const last = new Date(to.getTime() - 1).toISOString().slice(0, 10);
  for (const day = new Date(from.toISOString().slice(0, 10)); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const iso = day.toISOString().slice(0, 10);
    out.push(iso);
    if (iso === last) return out;
  }
}

/** UTC months of [from, to) as YYYY-MM. */
function months(from: Date, to: Date): string[] {
  return unique(days(from, to).map((d) => d.slice(0, 7)));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

/**
 * year/month/day predicates covering [from, to): the days of each month for short ranges, whole
 * months for long ones. The exact time predicate trims the edges.
 */
function datePartitionPredicate(yearKey: string, monthKey: string, dayKey: string | undefined, from: Date, to: Date): string {
  const [year, month] = [sqlIdentifier(yearKey), sqlIdentifier(monthKey)];
  const day = dayKey && sqlIdentifier(dayKey);
  const all = days(from, to);
  const branches: string[] = [];
  if (day && all.length <= DAY_LEVEL_MAX_DAYS) {
    for (const [yearMonth, inMonth] of groupBy(all, (d) => d.slice(0, 7))) {
      branches.push(`${year} = ${sqlString(yearMonth.slice(0, 4))} AND ${month} = ${sqlString(yearMonth.slice(5, 7))} AND ${inList(dayKey!, inMonth.map((d) => d.slice(8, 10)))}`);
    }
  } else {
    for (const [y, inYear] of groupBy(months(from, to), (m) => m.slice(0, 4))) {
      branches.push(`${year} = ${sqlString(y)} AND ${inList(monthKey, inYear.map((m) => m.slice(5, 7)))}`);
    }
  }
  const predicate = branches.length === 1 ? `(${branches[0]})` : `(${branches.map((b) => `(${b})`).join(' OR ')})`;
  // Every day of those months: the query guard wants each partition key constrained.
  return day && all.length > DAY_LEVEL_MAX_DAYS ? `${predicate} AND ${day} BETWEEN '01' AND '31'` : predicate;
}

/** The exact, half-open time range on the table's time column, in its encoding. */
function timePredicate(spec: QuerySpec, table: TableDef, columns: ColumnResolver): string {
  const column = columns.resolve(table.time.column).sql;
  const from = new Date(spec.time.from);
  const to = new Date(spec.time.to);
  const range = (low: string, high: string) => `${column} >= ${low} AND ${column} < ${high}`;
  switch (table.time.encoding) {
    case 'iso_string':
      // Compared as text to the second, without the zone letter: '…T10:00:00' sorts before both
      // '…T10:00:00Z' and '…T10:00:00.123Z', which a bound ending in 'Z' would not.
      return range(sqlString(from.toISOString().slice(0, 19)), sqlString(to.toISOString().slice(0, 19)));
    case 'epoch_seconds':
      return range(String(Math.ceil(from.getTime() / 1000)), String(Math.ceil(to.getTime() / 1000)));
    case 'epoch_millis':
      return range(String(from.getTime()), String(to.getTime()));
    case 'timestamp':
      return range(timestampLiteral(from), timestampLiteral(to));
  }
}

function timestampLiteral(date: Date): string {
  const iso = date.toISOString();
  const text = `${iso.slice(0, 10)} ${iso.slice(11, date.getUTCMilliseconds() === 0 ? 19 : 23)}`;
  return `TIMESTAMP ${sqlString(text)}`;
}

/** Accounts and regions on the row's own columns, for tables that are not partitioned by them. */
function scopeColumnPredicates(spec: QuerySpec, table: TableDef, columns: ColumnResolver): string[] {
  const hasKey = (role: PartitionRole) => table.partitionKeys.some((k) => k.role === role);
  const predicates: string[] = [];
  if (table.accountColumn && !hasKey('account') && spec.accounts.length > 0) {
    predicates.push(inExpression(columns.resolve(table.accountColumn).sql, spec.accounts));
  }
  if (table.regionColumn && !hasKey('region') && spec.regions.length > 0) {
    predicates.push(inExpression(columns.resolve(table.regionColumn).sql, spec.regions));
  }
  return predicates;
}

function inExpression(expression: string, values: string[]): string {
  return values.length === 1 ? `${expression} = ${sqlString(values[0]!)}` : `${expression} IN (${values.map(sqlString).join(', ')})`;
}

// ---------------------------------------------------------------- filters

type Scalar = string | number | boolean;

function asList(value: Scalar | Scalar[]): Scalar[] {
  return Array.isArray(value) ? value : [value];
}

function filterPredicate(filter: Filter, column: Column, dialect: SqlDialect): string {
  const { op } = filter;
  if (op === 'is_null') return `${column.sql} IS NULL`;
  if (op === 'is_not_null') return `${column.sql} IS NOT NULL`;
  if (filter.value === undefined) throw new QueryCompileError(`filter ${op} on ${column.path} needs a value`);
  const values = asList(filter.value);
  if (values.length > 1 && op !== 'in' && op !== 'not_in') throw new QueryCompileError(`filter ${op} on ${column.path} takes one value; use "in" for a list`);
  const ignoreCase = Boolean(filter.ignore_case);
  const text = (expression: string) => (ignoreCase ? `lower(${expression})` : expression);

  switch (op) {
    case 'eq':
    case 'neq':
    case 'in':
    case 'not_in': {
      const literals = values.map((v) => comparable(column, v, ignoreCase));
      const left = ignoreCase && isText(column) ? text(column.sql) : column.sql;
      if (op === 'eq') return `${left} = ${literals[0]}`;
      if (op === 'neq') return `${left} IS DISTINCT FROM ${literals[0]}`;
      if (op === 'in') return `${left} IN (${literals.join(', ')})`;
      // NULL is not a value in the list, so it is kept, as "neq" keeps it.
      return `(${column.sql} IS NULL OR ${left} NOT IN (${literals.join(', ')}))`;
    }
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with': {
      const escaped = String(values[0]).replace(/[\\%_]/g, (c) => `\\${c}`);
      const pattern = op === 'starts_with' ? `${escaped}%` : op === 'ends_with' ? `%${escaped}` : `%${escaped}%`;
      const like = `${text(searchableText(column, dialect))} ${op === 'not_contains' ? 'NOT LIKE' : 'LIKE'} ${text(sqlString(pattern))} ESCAPE '\\'`;
      return op === 'not_contains' ? `(${column.sql} IS NULL OR ${like})` : like;
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const symbol = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
      const value = values[0]!;
      if (column.kind === 'json_text' && typeof value === 'number') return `TRY_CAST(${column.sql} AS DOUBLE) ${symbol} ${numberLiteral(value, column)}`;
      return `${column.sql} ${symbol} ${comparable(column, value, false)}`;
    }
  }
}

function isText(column: Column): boolean {
  return column.kind === 'string' || column.kind === 'json' || column.kind === 'json_text';
}

/** The column as text for LIKE: JSON columns are searched in their JSON text. */
function searchableText(column: Column, dialect: SqlDialect): string {
  if (isText(column)) return column.sql;
  if (typeof column.kind === 'object' && dialect === 'athena') return `json_format(CAST(${column.sql} AS JSON))`;
  return `CAST(${column.sql} AS VARCHAR)`;
}

/** A value as a literal of the column's type. */
function comparable(column: Column, value: Scalar, ignoreCase: boolean): string {
  switch (column.kind) {
    case 'string':
    case 'json':
    case 'json_text': {
      const literal = sqlString(String(value));
      return ignoreCase ? `lower(${literal})` : literal;
    }
    case 'int':
    case 'bigint':
    case 'double':
      return numberLiteral(value, column);
    case 'boolean':
      if (value === true || value === 'true') return 'TRUE';
      if (value === false || value === 'false') return 'FALSE';
      throw new QueryCompileError(`${column.path} is true or false, not ${JSON.stringify(value)}`);
    case 'timestamp': {
      const time = typeof value === 'string' ? Date.parse(value) : NaN;
      if (Number.isNaN(time)) throw new QueryCompileError(`${column.path} is a timestamp: give an ISO-8601 time, not ${JSON.stringify(value)}`);
      return timestampLiteral(new Date(time));
    }
    default:
      throw new QueryCompileError(`${column.path} is a structure: filter on one of its fields (${column.path}.<field>) instead`);
  }
}

function numberLiteral(value: Scalar, column: Column): string {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(number)) throw new QueryCompileError(`${column.path} is numeric: ${JSON.stringify(value)} is not a number`);
  return String(number);
}

// ---------------------------------------------------------------- de-duplication

/**
 * The filtered rows with one row per event identity: a subquery projecting every column the
 * final SELECT needs, numbered within each identity, of which the first is kept.
 */
function deduplicated(table: TableDef, columns: ColumnResolver, projected: Column[], source: string, where: string[]): { from: string; filtered: string[]; render: Render } {
  const inner = innerAliases(projected);
  const identity = dedupeIdentity(table).map((path) => columns.resolve(path).sql);
  const innerSelect = [
    ...projected.map((column) => aliased(column.sql, inner.get(column.path)!)),
    `row_number() OVER (PARTITION BY ${identity.join(', ')}) AS ${DEDUPE_ROW_NUMBER}`,
  ];
  return {
    from: `(SELECT ${innerSelect.join(', ')} FROM ${source} WHERE ${where.join(' AND ')}) AS deduplicated`,
    filtered: [`${DEDUPE_ROW_NUMBER} = 1`],
    render: (column) => sqlIdentifier(inner.get(column.path)!),
  };
}

function dedupeIdentity(table: TableDef): string[] {
  return unique([table.dedupeKey!, table.time.column, table.accountColumn, table.regionColumn, ...(DEDUPE_IDENTITY[table.name] ?? [])].filter((c): c is string => c !== undefined));
}

/** The name each projected column gets inside the de-duplication subquery. */
function innerAliases(columns: Column[]): Map<string, string> {
  const aliases = new Map<string, string>();
  const taken = new Set<string>([DEDUPE_ROW_NUMBER]);
  for (const column of columns) {
    const base = column.path.replace(/\./g, '_').toLowerCase();
    let alias = base;
    for (let n = 2; taken.has(alias); n += 1) alias = `${base}_${n}`;
    taken.add(alias);
    aliases.set(column.path, alias);
  }
  return aliases;
}

function aliased(expression: string, name: string): string {
  const identifier = sqlIdentifier(name);
  return expression === identifier ? expression : `${expression} AS ${identifier}`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
