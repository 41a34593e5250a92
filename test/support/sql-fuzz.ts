import { Random } from '../../pipeline-infra/lake/generator/random.js';

/**
 * A generator of hostile SQL for fuzzing the query guard: seeds that are each forbidden for a
 * reason of their own (a statement other than SELECT, a file or table function, a system table,
 * a missing partition key, a comment, a forbidden function, `*`, OFFSET…), put through random
 * mutations that keep what makes them forbidden (case, whitespace, quoting, nesting in subqueries,
 * CTEs and UNIONs, extra statements and semicolons, catalog prefixes, invisible characters).
 * Seeded, so a failure is reproducible from its index.
 */

const CT = 'cia_logs.cloudtrail_logs';
const FLOWS = 'cia_logs.flowlogs';
const KEYS = "account_id = '111111111111' AND region = 'us-east-1' AND year = '2023' AND month = '07' AND day = '10'";
const FLOW_KEYS = "aws_account_id = '111111111111' AND aws_region = 'us-east-1' AND year = '2023' AND month = '07' AND day = '10'";
/** An acceptable SELECT: what the mutations combine the seeds with. */
export const LEGIT = `SELECT eventname FROM ${CT} WHERE ${KEYS}`;

const PATHS = ["'/etc/passwd'", "'/proc/self/environ'", "'~/.aws/credentials'", "'s3://cia-lake/cloudtrail/x.json'", "'http://169.254.169.254/latest/meta-data/iam/security-credentials/'", "'data.csv'", "'/data/lake/.cia/compacted/*/*.parquet'"];
const FILE_FUNCTIONS = ['read_text', 'read_blob', 'read_csv', 'read_csv_auto', 'read_json', 'read_json_auto', 'read_ndjson', 'read_parquet', 'parquet_scan', 'parquet_metadata', 'parquet_schema', 'sniff_csv', 'glob'];
const SYSTEM_TABLE_FUNCTIONS = ['duckdb_settings()', 'duckdb_tables()', 'duckdb_views()', 'duckdb_extensions()', 'duckdb_secrets()', 'duckdb_functions()', 'pragma_database_list()', "query('SELECT 42 AS x')", "query_table('cia_logs.cloudtrail_logs')", 'range(10)', 'generate_series(1, 10)'];
const SYSTEM_TABLES = ['information_schema.tables', 'information_schema.columns', 'pg_catalog.pg_tables', 'sqlite_master', 'duckdb_settings', 'main.secrets', 'cia_logs.unknown_table', 'system.main.x', 'temp.main.x'];
const FORBIDDEN_FUNCTIONS = ["getenv('HOME')", "current_setting('access_mode')", "read_text('/etc/passwd')", 'version()', "pragma_version()", 'current_database()', "sqlite_scan('/tmp/x.db', 't')", "load_extension('httpfs')", 'txid_current()', "system.main.md5('x')", "main.getenv('PATH')", '$1', '?', 'random()', 'uuid()'];
const WRITES = [
  `COPY (${LEGIT}) TO '/tmp/out.csv'`, `COPY ${CT} FROM '/tmp/in.csv'`, "ATTACH '/tmp/other.db' AS other", "DETACH other", 'INSTALL httpfs', 'LOAD httpfs', 'PRAGMA version',
  'SET enable_external_access = true', "SET allowed_directories = ['/']", 'RESET access_mode', `CREATE TABLE cia_logs.x AS ${LEGIT}`, `CREATE OR REPLACE VIEW ${CT} AS SELECT 1 AS eventname`,
  `CREATE MACRO evil(x) AS getenv(x)`, `INSERT INTO ${CT} VALUES (1)`, `UPDATE ${CT} SET eventname = 'x'`, `DELETE FROM ${CT}`, `DROP VIEW ${CT}`, 'DROP SCHEMA cia_logs CASCADE',
  `ALTER VIEW ${CT} RENAME TO y`, `EXPLAIN ${LEGIT}`, `EXPLAIN ANALYZE ${LEGIT}`, "EXPORT DATABASE '/tmp/dump'", "IMPORT DATABASE '/tmp/dump'", 'CALL pragma_version()', 'CHECKPOINT', 'USE cia_logs',
  'VACUUM', 'BEGIN TRANSACTION', 'COMMIT', `DESCRIBE ${CT}`, 'SHOW TABLES', `SUMMARIZE ${CT}`, 'VALUES (1)', `PREPARE p AS ${LEGIT}`, 'EXECUTE p', "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')",
];

/** Each seed is forbidden whatever a mutation does to its spacing, case or surroundings. */
export const HOSTILE_SEEDS: readonly string[] = [
  ...WRITES,
  ...FILE_FUNCTIONS.flatMap((fn) => PATHS.slice(0, 3).map((path) => `SELECT * FROM ${fn}(${path})`)),
  ...FILE_FUNCTIONS.map((fn) => `SELECT eventname FROM ${CT} WHERE ${KEYS} AND eventname IN (SELECT content FROM ${fn}(${PATHS[0]}))`),
  ...PATHS.map((path) => `SELECT column0 FROM ${path}`),
  ...SYSTEM_TABLE_FUNCTIONS.map((fn) => `SELECT name FROM ${fn}`),
  ...SYSTEM_TABLES.map((table) => `SELECT table_name FROM ${table}`),
  ...FORBIDDEN_FUNCTIONS.map((fn) => `SELECT ${fn} AS x FROM ${CT} WHERE ${KEYS}`),
  ...FORBIDDEN_FUNCTIONS.map((fn) => `SELECT eventname FROM ${CT} WHERE ${KEYS} AND eventname = ${fn}`),
  `SELECT * FROM ${CT} WHERE ${KEYS}`,
  `SELECT cloudtrail_logs.* FROM ${CT} WHERE ${KEYS}`,
  `SELECT COLUMNS(*) FROM ${CT} WHERE ${KEYS}`,
  `SELECT * EXCLUDE (eventname) FROM ${CT} WHERE ${KEYS}`,
  `SELECT cloudtrail_logs FROM ${CT} WHERE ${KEYS}`,
  ...KEYS.split(' AND ').map((_, i, all) => `SELECT eventname FROM ${CT} WHERE ${all.filter((__, j) => j !== i).join(' AND ')}`),
  ...FLOW_KEYS.split(' AND ').map((_, i, all) => `SELECT srcaddr FROM ${FLOWS} WHERE ${all.filter((__, j) => j !== i).join(' AND ')}`),
  `SELECT eventname FROM ${CT}`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} OR 1 = 1`,
  `SELECT eventname FROM ${CT} WHERE account_id = account_id AND region = region AND year = year AND month = month AND day = day`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} UNION ALL SELECT eventname FROM ${CT}`,
  `SELECT a.eventname FROM ${CT} a JOIN ${FLOWS} b ON true WHERE a.${KEYS.replace(/ AND /g, ' AND a.')}`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} -- ; DROP VIEW x`,
  `SELECT eventname /* hidden */ FROM ${CT} WHERE ${KEYS}`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} LIMIT 10 OFFSET 100000`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} LIMIT (SELECT 1000000)`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} LIMIT 50%`,
  `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r`,
  `SELECT a FROM (VALUES (1)) v(a)`,
  `${LEGIT}; DROP VIEW ${CT}`,
  `${LEGIT}; SELECT getenv('HOME')`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} AND eventname = 'x' UNION ALL SELECT content FROM read_text('/etc/passwd')`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} AND eventname = $$x$$`,
  `SELECT list_transform([1], x -> getenv('HOME')) FROM ${CT} WHERE ${KEYS}`,
  `SELECT eventname FROM ${CT} WHERE ${KEYS} QUALIFY row_number() OVER () > getenv('X')::INT`,
];

type Mutation = (sql: string, random: () => number) => string;

const pick = <T,>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

const MUTATIONS: readonly Mutation[] = [
  // Case: keywords and names in any case.
  (sql, random) => sql.replace(/[a-z]+/gi, (word) => (random() < 0.5 ? word.toUpperCase() : word.toLowerCase())),
  // Whitespace: tabs, newlines, runs of spaces, no-break spaces.
  (sql, random) => sql.replace(/ /g, () => pick([' ', '  ', '\t', '\n', '\r\n', ' \n\t ', '\u00a0'], random)),
  // Nested: in a subquery, a CTE, or a UNION with an acceptable SELECT.
  (sql) => `SELECT eventname FROM (${sql}) AS t`,
  (sql) => `WITH t AS (${sql}) SELECT eventname FROM t`,
  (sql) => `${LEGIT} UNION ALL ${sql}`,
  (sql) => `${sql} UNION ALL ${LEGIT}`,
  (sql) => `(${sql})`,
  // Statements around it.
  (sql, random) => `${sql}${pick([';', ';;', '; ;', ';\n', ' ;  '], random)}`,
  (sql) => `${LEGIT}; ${sql}`,
  (sql) => `${sql}; ${LEGIT}`,
  // A LIMIT after it.
  (sql, random) => `${sql} LIMIT ${pick(['5', '20', '1000000', '-1', '0'], random)}`,
  // Names quoted or prefixed as Athena writes them.
  (sql) => sql.replace(/cia_logs\.(\w+)/g, '"cia_logs"."$1"'),
  (sql) => sql.replace(/cia_logs\./g, 'awsdatacatalog.cia_logs.'),
  // Invisible and look-alike characters.
  (sql, random) => `${pick(['\ufeff', '\u200b', '', ' '], random)}${sql}`,
  (sql) => sql.replace(/SELECT/i, 'SELECT /*+ hint */'),
  (sql) => `-- a comment\n${sql}`,
];

/** `count` hostile statements: each a seed with one to three mutations. */
export function* hostileStatements(count: number, seed = 1): Generator<{ index: number; seed: string; sql: string }> {
  const generator = Random.fromSeed(seed);
  const random = () => generator.next();
  for (let index = 0; index < count; index++) {
    const base = HOSTILE_SEEDS[index % HOSTILE_SEEDS.length]!;
    let sql = base;
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) sql = pick(MUTATIONS, random)(sql, random);
    yield { index, seed: base, sql };
  }
}
