import { CATALOG, columnPaths, LAKE_DATABASE, type TableDef } from '../../catalog/index.js';
import type { PartitionRole } from '../../catalog/types.js';
import { ALLOWED_FUNCTIONS, REDUCING_FUNCTIONS } from './allowed-functions.js';
import { MAX_ROWS, rowCap } from './limits.js';

/**
 * The query guard's pure core (DESIGN §3.3): an allowlist over the syntax tree DuckDB's parser
 * returns for `SELECT json_serialize_sql(<statement>)`. It walks table references, functions and
 * subqueries instead of matching text, and says for every refusal how to fix the query.
 */

export interface GuardRules {
  tables: readonly TableDef[];
  functions: ReadonlySet<string>;
  /** Functions whose result is small whatever their argument (json_extract_string, count, …). */
  reducingFunctions: ReadonlySet<string>;
}

export const DEFAULT_GUARD_RULES: GuardRules = { tables: CATALOG, functions: ALLOWED_FUNCTIONS, reducingFunctions: REDUCING_FUNCTIONS };

/** A change to the statement's text, at a byte offset the parser reported. */
export type Rewrite =
  | { kind: 'drop_catalog'; location: number }
  | { kind: 'set_limit'; location: number; from: number; to: number }
  | { kind: 'append_limit'; to: number };

export type StatementVerdict =
  | { ok: true; rewrites: Rewrite[]; limit: number; capped: boolean; verbose: boolean; tables: string[] }
  | { ok: false; reason: string };

type Node = Record<string, unknown>;

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'RECURSIVE_CTE_NODE', 'CTE_NODE']);

/** Expression classes that compute over values and cannot reach files, settings or other statements. */
const PLAIN_EXPRESSIONS = new Set(['COLUMN_REF', 'CONSTANT', 'COMPARISON', 'CONJUNCTION', 'OPERATOR', 'CAST', 'CASE', 'BETWEEN', 'SUBQUERY', 'LAMBDA', 'LAMBDA_REF', 'COLLATE', 'POSITIONAL_REFERENCE']);

/** Comparisons that narrow a partition key to some of its values. */
const NARROWING_COMPARISONS = new Set(['COMPARE_EQUAL', 'COMPARE_NOT_DISTINCT_FROM', 'COMPARE_LESSTHAN', 'COMPARE_GREATERTHAN', 'COMPARE_LESSTHANOREQUALTO', 'COMPARE_GREATERTHANOREQUALTO']);

const EXAMPLE_VALUES: Record<PartitionRole, string> = {
  account: "'123456789012'",
  region: "'us-east-1'",
  year: "'2023'",
  month: "'07'",
  day: "'10'",
  billing_period: "'2023-07'",
  log_group: "'aws_lambda_checkout'",
};

const STAR_FIX = 'name the columns you need instead of * (also t.*, COLUMNS(*)), e.g. SELECT eventtime, eventname, useridentity.arn FROM …';

/** A catalog table in a FROM clause, and the names its columns may be qualified with. */
interface CatalogRef {
  table: TableDef;
  names: string[];
}

export function checkParsedStatement(tree: unknown, rules: GuardRules = DEFAULT_GUARD_RULES): StatementVerdict {
  try {
    const statement = singleStatement(tree);
    const checker = new StatementChecker(rules);
    checker.queryNode(node(statement.node), new Set());
    if (Array.isArray(statement.named_param_map) && statement.named_param_map.length > 0) refuse('parameters ($1, ?) are not allowed: write the values into the statement');
    if (checker.tables.size === 0) refuse(`the statement reads no table: query one of ${tableList(rules)}`);
    const verbose = checker.selectsVerbose();
    return { ok: true, ...limitOf(node(statement.node), rowCap(verbose), checker.rewrites), verbose, tables: [...checker.tables].sort() };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
}

function singleStatement(tree: unknown): Node {
  const parsed = node(tree);
  if (parsed.error === true) {
    const message = String(parsed.error_message ?? 'the statement could not be parsed');
    if (/only select statements/i.test(message)) {
      refuse('only one SELECT statement is allowed: no DDL or DML, no COPY, ATTACH, INSTALL, LOAD, PRAGMA, SET, EXPLAIN or second statement. Send a single SELECT … FROM cia_logs.<table> WHERE …');
    }
    refuse(`the SQL does not parse (${message}): fix the syntax and send one SELECT statement`);
  }
  const statements = Array.isArray(parsed.statements) ? parsed.statements : [];
  if (statements.length !== 1) refuse(`send exactly one SELECT statement (this has ${statements.length})`);
  return node(statements[0]);
}

function node(value: unknown): Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function tableList(rules: GuardRules): string {
  return rules.tables.map((t) => `${LAKE_DATABASE}.${t.name}`).join(', ');
}

class StatementChecker {
  readonly tables = new Set<string>();
  readonly rewrites: Rewrite[] = [];
  /** Column references of every select list, for the verbose cap. */
  private readonly selected: string[][] = [];

  constructor(private readonly rules: GuardRules) {}

  queryNode(query: Node, ctes: ReadonlySet<string>): void {
    // Every LIMIT counts, not only the outermost: an OFFSET in a subquery pages past the cap too.
    limitModifierOf(query, MAX_ROWS);
    const scope = new Set(ctes);
    for (const entry of asArray(node(query.cte_map).map)) {
      // A CTE sees the ones defined before it.
      this.queryNode(node(node(node(node(entry).value).query).node), scope);
      scope.add(text(node(entry).key).toLowerCase());
    }
    switch (query.type) {
      case 'SELECT_NODE':
        return this.selectNode(query, scope);
      case 'SET_OPERATION_NODE':
        for (const side of [query.left, query.right, ...asArray(query.children)]) if (side) this.queryNode(node(side), scope);
        return this.expressions(query.modifiers, scope);
      case 'RECURSIVE_CTE_NODE':
        return refuse('recursive queries (WITH RECURSIVE) are not allowed: write a plain SELECT, or a WITH of non-recursive parts');
      default:
        return refuse(`this kind of statement (${text(query.type) || 'unknown'}) is not allowed: send a plain SELECT … FROM cia_logs.<table>`);
    }
  }

  private selectNode(select: Node, scope: ReadonlySet<string>): void {
    const refs: CatalogRef[] = [];
    this.tableRef(node(select.from_table), scope, refs);
    for (const part of ['select_list', 'where_clause', 'group_expressions', 'having', 'qualify', 'modifiers']) this.expressions(select[part], scope);
    for (const ref of refs) this.requirePartitionKeys(ref, select.where_clause);
    this.collectSelected(select.select_list, refs);
  }

  private tableRef(ref: Node, scope: ReadonlySet<string>, refs: CatalogRef[]): void {
    switch (ref.type) {
      case 'BASE_TABLE':
        return this.baseTable(ref, scope, refs);
      case 'JOIN':
        this.tableRef(node(ref.left), scope, refs);
        this.tableRef(node(ref.right), scope, refs);
        return this.expressions(ref.condition, scope);
      case 'SUBQUERY':
        return this.queryNode(node(node(ref.subquery).node), scope);
      case 'TABLE_FUNCTION': {
        const fn = node(ref.function);
        // UNNEST of a column is how CloudWatch log events become rows; every other table function reads outside the lake.
        if (text(fn.function_name).toLowerCase() !== 'unnest') {
          refuse(`${text(fn.function_name) || 'a table function'}(…) in FROM is not allowed: files and table functions cannot be read; query ${tableList(this.rules)}`);
        }
        return this.expressions(fn.children, scope);
      }
      case 'EMPTY':
        return;
      default:
        return refuse(`${ref.type === 'EXPRESSION_LIST' ? 'VALUES lists' : ref.type === 'SHOW_REF' ? 'DESCRIBE, SHOW and SUMMARIZE' : `${text(ref.type)} sources`} are not allowed: read from ${tableList(this.rules)}`);
    }
  }

  private baseTable(ref: Node, scope: ReadonlySet<string>, refs: CatalogRef[]): void {
    const name = text(ref.table_name);
    const schema = text(ref.schema_name);
    const catalog = text(ref.catalog_name);
    if (!schema && !catalog && scope.has(name.toLowerCase())) return;
    const written = [catalog, schema, name].filter(Boolean).join('.');
    if (/[/\\]|\.\w+$/.test(name)) refuse(`"${name}" is a file, not a table: files cannot be read. Query ${tableList(this.rules)}`);
    const table = this.rules.tables.find((t) => t.name === name.toLowerCase());
    if (!table) refuse(`unknown table ${written}: the tables are ${tableList(this.rules)}`);
    if (schema.toLowerCase() !== LAKE_DATABASE) refuse(`write the table fully qualified, as ${LAKE_DATABASE}.${table.name}`);
    if (catalog) {
      if (catalog.toLowerCase() !== 'awsdatacatalog') refuse(`unknown catalog ${catalog}: write the table as ${LAKE_DATABASE}.${table.name}`);
      this.rewrites.push({ kind: 'drop_catalog', location: Number(ref.query_location) });
    }
    if (ref.at_clause) refuse('AT (…) time travel is not supported: remove it');
    refs.push({ table, names: unique([text(ref.alias).toLowerCase() || table.name, table.name]) });
    this.tables.add(table.name);
  }

  /** Every function, operator and nested query inside an expression tree. */
  private expressions(value: unknown, scope: ReadonlySet<string>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.expressions(item, scope);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const expression = value as Node;
    if (typeof expression.type === 'string' && QUERY_NODES.has(expression.type) && expression.class === undefined) {
      return this.queryNode(expression, scope);
    }
    if (typeof expression.class === 'string') this.expressionNode(expression);
    for (const child of Object.values(expression)) this.expressions(child, scope);
  }

  private expressionNode(expression: Node): void {
    switch (expression.class) {
      case 'FUNCTION':
      case 'WINDOW':
        return this.functionCall(expression);
      case 'STAR':
        return refuse(STAR_FIX);
      case 'PARAMETER':
        return refuse('parameters ($1, ?) are not allowed: write the values into the statement');
      default:
        if (!PLAIN_EXPRESSIONS.has(text(expression.class))) refuse(`${text(expression.class).toLowerCase()} expressions are not allowed: rewrite the query with plain columns, operators and functions`);
    }
  }

  private functionCall(call: Node): void {
    const name = text(call.function_name).toLowerCase();
    const schema = text(call.schema).toLowerCase();
    if (text(call.catalog) || (schema && schema !== 'main')) refuse(`call functions by their bare name, not ${[text(call.catalog), schema, name].filter(Boolean).join('.')}`);
    if (!this.rules.functions.has(name)) {
      refuse(`function ${name}() is not allowed: use scalar, aggregate and window functions over cia_logs tables (files, settings and table functions cannot be read)`);
    }
  }

  /**
   * Each partition key of the table must be narrowed in this SELECT's WHERE, by =, IN, BETWEEN or
   * a comparison with constants, or by an OR whose every branch narrows it.
   */
  private requirePartitionKeys(ref: CatalogRef, where: unknown): void {
    const missing = ref.table.partitionKeys.filter((key) => !narrows(node(where), key.name, ref.names));
    if (missing.length === 0) return;
    const example = ref.table.partitionKeys.map((key) => `${key.name} = ${EXAMPLE_VALUES[key.role]}`).join(' AND ');
    refuse(
      `${LAKE_DATABASE}.${ref.table.name} must be filtered on its partition keys in the WHERE clause; missing: ${missing.map((k) => k.name).join(', ')}. ` +
        `Add conditions such as ${example} (partition keys are strings; use the accounts, regions and dates of the question; IN (…), BETWEEN and ranges work too).`,
    );
  }

  private collectSelected(selectList: unknown, refs: CatalogRef[]): void {
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value === null || typeof value !== 'object') return;
      const expression = value as Node;
      if (typeof expression.type === 'string' && QUERY_NODES.has(expression.type)) return;
      if ((expression.class === 'FUNCTION' || expression.class === 'WINDOW') && this.rules.reducingFunctions.has(text(expression.function_name).toLowerCase())) return;
      if (expression.class === 'COLUMN_REF') {
        const names = asArray(expression.column_names).map((n) => text(n).toLowerCase());
        const whole = names.length === 1 ? refs.find((r) => r.names.includes(names[0]!) && !columnPaths(r.table).some((p) => p.path === names[0])) : undefined;
        if (whole) refuse(`selecting the whole row (${names[0]}) is like SELECT *: ${STAR_FIX}`);
        this.selected.push(names);
        return;
      }
      Object.values(expression).forEach(visit);
    };
    visit(selectList);
  }

  /** A verbose column (or a structure holding one) is selected somewhere. */
  selectsVerbose(): boolean {
    const verbosePaths = this.rules.tables.filter((t) => this.tables.has(t.name)).flatMap((t) => columnPaths(t).filter((p) => p.verbose).map((p) => p.path));
    return this.selected.some((names) =>
      [names, names.slice(1)].some((candidate) => {
        const path = candidate.join('.');
        return path !== '' && verbosePaths.some((v) => v === path || v.startsWith(`${path}.`) || path.startsWith(`${v}.`));
      }),
    );
  }
}

function narrows(expression: Node, key: string, names: string[]): boolean {
  const children = asArray(expression.children).map(node);
  switch (expression.class) {
    case 'CONJUNCTION':
      if (expression.type === 'CONJUNCTION_AND') return children.some((c) => narrows(c, key, names));
      return expression.type === 'CONJUNCTION_OR' && children.length > 0 && children.every((c) => narrows(c, key, names));
    case 'COMPARISON': {
      if (!NARROWING_COMPARISONS.has(text(expression.type))) return false;
      const [left, right] = [node(expression.left), node(expression.right)];
      return (isKey(left, key, names) && isConstant(right)) || (isKey(right, key, names) && isConstant(left));
    }
    case 'BETWEEN':
      return isKey(node(expression.input), key, names) && isConstant(node(expression.lower)) && isConstant(node(expression.upper));
    case 'OPERATOR':
      return expression.type === 'COMPARE_IN' && children.length > 1 && isKey(children[0]!, key, names) && children.slice(1).every(isConstant);
    default:
      return false;
  }
}

function isKey(expression: Node, key: string, names: string[]): boolean {
  if (expression.class !== 'COLUMN_REF') return false;
  const path = asArray(expression.column_names).map((n) => text(n).toLowerCase());
  return path[path.length - 1] === key && (path.length === 1 || names.includes(path[path.length - 2]!));
}

function isConstant(expression: Node): boolean {
  if (expression.class === 'CAST') return isConstant(node(expression.child));
  return expression.class === 'CONSTANT' && node(expression.value).is_null === false;
}

/** The statement's own LIMIT: kept when within the cap, lowered when above it, added when missing. */
/** A query node's LIMIT (a plain number) or none; refuses a percentage, an OFFSET or a LIMIT that is not a plain number. */
function limitModifierOf(query: Node, cap: number): { value: number; location: number } | undefined {
  const modifiers = asArray(query.modifiers).map(node);
  if (modifiers.some((m) => m.type === 'LIMIT_PERCENT_MODIFIER')) refuse(`LIMIT with a percentage is not allowed: end with LIMIT ${cap}`);
  const modifier = modifiers.find((m) => m.type === 'LIMIT_MODIFIER');
  if (modifier?.offset) refuse('OFFSET is not allowed: narrow the query with filters, or aggregate, instead of paging through rows');
  if (!modifier?.limit) return undefined;
  const limit = node(modifier.limit);
  const value = node(limit.value).value;
  if (limit.class !== 'CONSTANT' || typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) refuse(`write the LIMIT as a plain number, e.g. LIMIT ${cap}`);
  return { value: value as number, location: Number(limit.query_location) };
}

function limitOf(root: Node, cap: number, rewrites: Rewrite[]): { rewrites: Rewrite[]; limit: number; capped: boolean } {
  const modifier = limitModifierOf(root, cap);
  if (!modifier) return { rewrites: [...rewrites, { kind: 'append_limit', to: cap }], limit: cap, capped: true };
  const { value } = modifier;
  if (value <= cap) return { rewrites, limit: value, capped: false };
  return { rewrites: [...rewrites, { kind: 'set_limit', location: modifier.location, from: value, to: cap }], limit: cap, capped: true };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
