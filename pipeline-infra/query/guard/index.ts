export { checkParsedStatement, DEFAULT_GUARD_RULES, type GuardRules, type Rewrite, type StatementVerdict } from './check-statement.js';
export { DuckDbSqlParser } from './duckdb-parser.js';
export { guardSql, type GuardResult, type SqlParser } from './guard-sql.js';
export { MAX_ROWS, MAX_VERBOSE_ROWS } from './limits.js';
export { applyRewrites, normalizeSqlText } from './sql-text.js';
