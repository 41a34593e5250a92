import { checkParsedStatement, DEFAULT_GUARD_RULES, type GuardRules, type Rewrite } from './check-statement.js';
import { MAX_ROWS, MAX_VERBOSE_ROWS } from './limits.js';
import { applyRewrites, normalizeSqlText } from './sql-text.js';

/** Turns SQL text into DuckDB's syntax tree (the output of `json_serialize_sql`). */
export interface SqlParser {
  parse(sql: string): Promise<unknown>;
}

export type GuardResult =
  | {
      ok: true;
      /** The statement exactly as it must run: after the guard's rewrites. */
      sql: string;
      /** The guard added or lowered the LIMIT: asking again for more rows will not get them. */
      capped: boolean;
      limit: number;
      verbose: boolean;
      tables: string[];
      notes: string[];
    }
  | { ok: false; reason: string };

/** The one query guard (DESIGN §3.3): every SQL string passes here before any engine sees it. */
export async function guardSql(sql: string, parser: SqlParser, rules: GuardRules = DEFAULT_GUARD_RULES): Promise<GuardResult> {
  const normalized = normalizeSqlText(sql);
  if (!normalized.ok) return normalized;
  const verdict = checkParsedStatement(await parseOrError(parser, normalized.sql), rules);
  if (!verdict.ok) return verdict;
  const rewritten = applyRewrites(normalized.sql, verdict.rewrites);
  if (!rewritten.ok) return rewritten;
  if (verdict.rewrites.length > 0) {
    // What runs is the rewritten text, so that is what must pass.
    const again = checkParsedStatement(await parseOrError(parser, rewritten.sql), rules);
    if (!again.ok || again.rewrites.length > 0 || again.limit !== verdict.limit) {
      return { ok: false, reason: `the statement could not be rewritten safely: write the table as cia_logs.<table> and end it with LIMIT ${verdict.limit}` };
    }
  }
  const { capped, limit, verbose, tables } = verdict;
  return { ok: true, sql: rewritten.sql, capped, limit, verbose, tables, notes: verdict.rewrites.map(describe) };
}

async function parseOrError(parser: SqlParser, sql: string): Promise<unknown> {
  try {
    return await parser.parse(sql);
  } catch (error) {
    return { error: true, error_message: (error as Error).message };
  }
}

function describe(rewrite: Rewrite): string {
  switch (rewrite.kind) {
    case 'drop_catalog':
      return 'the awsdatacatalog. prefix was removed';
    case 'set_limit':
      return `LIMIT ${rewrite.from} was lowered to ${rewrite.to} (at most ${MAX_ROWS} rows, ${MAX_VERBOSE_ROWS} with verbose columns)`;
    case 'append_limit':
      return `LIMIT ${rewrite.to} was added`;
  }
}
