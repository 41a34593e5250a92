import { CATALOG } from '../../../pipeline-infra/catalog/index.js';
import { compileQuerySpec, type SqlDialect } from '../../../pipeline-infra/query/compiler.js';
import { applyRewrites, checkParsedStatement, DuckDbSqlParser, guardSql, normalizeSqlText, type GuardResult } from '../../../pipeline-infra/query/guard/index.js';
import type { QuerySpecInput } from '../../../pipeline-infra/query/query-spec.js';
import { specMatrix } from '../../support/query-specs.js';

const CT = `cia_logs.cloudtrail_logs`;
const CT_KEYS = `account_id = '111111111111' AND region = 'us-east-1' AND year = '2023' AND month = '07' AND day = '10'`;
const FLOW_KEYS = `aws_account_id = '111111111111' AND aws_region = 'us-east-1' AND year = '2023' AND month = '07' AND day = '10'`;

let parser: DuckDbSqlParser;
beforeAll(async () => {
  parser = await DuckDbSqlParser.open();
});
afterAll(() => parser.close());

const guard = (sql: string) => guardSql(sql, parser);
async function refusal(sql: string): Promise<string> {
  const result = await guard(sql);
  if (result.ok) throw new Error(`expected a refusal for: ${sql}\n(as run: ${result.sql})`);
  return result.reason;
}
async function accepted(sql: string): Promise<Extract<GuardResult, { ok: true }>> {
  const result = await guard(sql);
  if (!result.ok) throw new Error(`expected ${sql} to pass, got: ${result.reason}`);
  return result;
}

describe('checkParsedStatement on syntax trees', () => {
  const selectNode = (where: unknown) => ({
    error: false,
    statements: [{
      node: {
        type: 'SELECT_NODE',
        modifiers: [{ type: 'LIMIT_MODIFIER', limit: { class: 'CONSTANT', value: { is_null: false, value: 5 }, query_location: 99 }, offset: null }],
        cte_map: { map: [] },
        select_list: [{ class: 'COLUMN_REF', column_names: ['eventname'] }],
        from_table: { type: 'BASE_TABLE', schema_name: 'cia_logs', table_name: 'cloudtrail_logs', catalog_name: '', alias: '' },
        where_clause: where,
      },
      named_param_map: [],
    }],
  });
  const equals = (key: string, value: string) => ({ class: 'COMPARISON', type: 'COMPARE_EQUAL', left: { class: 'COLUMN_REF', column_names: [key] }, right: { class: 'CONSTANT', value: { is_null: false, value } } });
  const and = (...children: unknown[]) => ({ class: 'CONJUNCTION', type: 'CONJUNCTION_AND', children });

  it('accepts a SELECT whose partition keys are all narrowed', () => {
    const tree = selectNode(and(equals('account_id', '1'), equals('region', 'r'), equals('year', '2023'), equals('month', '07'), equals('day', '10')));
    expect(checkParsedStatement(tree)).toEqual({ ok: true, rewrites: [], limit: 5, capped: false, verbose: false, tables: ['cloudtrail_logs'] });
  });

  it('names the missing partition keys and shows the fix', () => {
    const verdict = checkParsedStatement(selectNode(and(equals('year', '2023'), equals('month', '07'))));
    expect(verdict).toEqual({ ok: false, reason: expect.stringContaining('missing: account_id, region, day') });
    expect(!verdict.ok && verdict.reason).toContain("year = '2023' AND month = '07' AND day = '10'");
  });

  it('refuses parser errors, non-SELECT statements and several statements', () => {
    expect(checkParsedStatement({ error: true, error_message: 'Only SELECT statements can be serialized to json!' })).toMatchObject({ ok: false, reason: expect.stringMatching(/only one SELECT statement is allowed/) });
    expect(checkParsedStatement({ error: true, error_message: 'syntax error at or near "SELEC"' })).toMatchObject({ ok: false, reason: expect.stringContaining('does not parse') });
    const one = selectNode(null).statements[0];
    expect(checkParsedStatement({ error: false, statements: [one, one] })).toMatchObject({ ok: false, reason: expect.stringContaining('exactly one') });
    expect(checkParsedStatement('not a tree')).toMatchObject({ ok: false });
  });
});

describe('the query guard', () => {
  describe('statements', () => {
    it.each([
      ['COPY … TO', `COPY (SELECT eventname FROM ${CT} WHERE ${CT_KEYS}) TO '/tmp/out.csv'`],
      ['ATTACH', `ATTACH '/tmp/other.db' AS other`],
      ['INSTALL', 'INSTALL httpfs'],
      ['LOAD', 'LOAD httpfs'],
      ['PRAGMA', 'PRAGMA version'],
      ['SET', 'SET enable_external_access = true'],
      ['a second statement', `SELECT eventname FROM ${CT} WHERE ${CT_KEYS}; DROP VIEW ${CT}`],
      ['CREATE', `CREATE TABLE cia_logs.x AS SELECT eventname FROM ${CT} WHERE ${CT_KEYS}`],
      ['CREATE OR REPLACE VIEW', `CREATE OR REPLACE VIEW ${CT} AS SELECT 1`],
      ['INSERT', `INSERT INTO ${CT} VALUES (1)`],
      ['UPDATE', `UPDATE ${CT} SET eventname = 'x'`],
      ['DELETE', `DELETE FROM ${CT}`],
      ['DROP', `DROP VIEW ${CT}`],
      ['ALTER', `ALTER VIEW ${CT} RENAME TO y`],
      ['EXPLAIN', `EXPLAIN SELECT eventname FROM ${CT} WHERE ${CT_KEYS}`],
      ['EXPORT DATABASE', `EXPORT DATABASE '/tmp/dump'`],
      ['CALL', 'CALL pragma_version()'],
      ['CHECKPOINT', 'CHECKPOINT'],
      ['USE', 'USE cia_logs'],
    ])('refuses %s', async (_, sql) => {
      expect(await refusal(sql)).toMatch(/only one SELECT statement is allowed/);
    });

    it.each([
      ['a line comment', `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} -- ; DROP VIEW x`],
      ['a block comment', `SELECT eventname /* hidden */ FROM ${CT} WHERE ${CT_KEYS}`],
      ['a nested block comment (DuckDB nests them, Trino does not)', `SELECT eventname FROM ${CT} /* /* */ , cia_logs.flowlogs /* */ WHERE ${CT_KEYS}`],
      ['a comment before a second statement', `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} /* x */; DROP VIEW ${CT}`],
    ])('refuses %s', async (_, sql) => {
      expect(await refusal(sql)).toMatch(/comments .* are not allowed/);
    });

    it('refuses WITH RECURSIVE, VALUES, DESCRIBE, SHOW and SUMMARIZE', async () => {
      expect(await refusal(`WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r`)).toMatch(/recursive/);
      expect(await refusal('VALUES (1)')).toMatch(/STAR|\*|VALUES/);
      expect(await refusal(`SELECT a FROM (VALUES (1)) v(a)`)).toMatch(/VALUES lists are not allowed/);
      for (const sql of [`DESCRIBE ${CT}`, 'SHOW TABLES', `SUMMARIZE ${CT}`]) expect(await refusal(sql)).toBeTruthy();
    });
  });

  describe('tables', () => {
    it.each([
      ['read_text', `SELECT content FROM read_text('/etc/passwd')`],
      ['read_csv', `SELECT column0 FROM read_csv('/etc/passwd')`],
      ['read_csv_auto', `SELECT column0 FROM read_csv_auto('/etc/passwd')`],
      ['read_json', `SELECT x FROM read_json('http://169.254.169.254/latest/meta-data/')`],
      ['read_parquet', `SELECT eventname FROM read_parquet('/data/lake/.cia/compacted/cloudtrail_logs/*/*/*/*/*/*.parquet')`],
      ['glob', `SELECT file FROM glob('/etc/*')`],
      ['query', `SELECT x FROM query('SELECT 42 AS x')`],
      ['query_table', `SELECT x FROM query_table('cia_logs.cloudtrail_logs')`],
      ['duckdb_settings', `SELECT name, value FROM duckdb_settings()`],
      ['sniff_csv', `SELECT x FROM sniff_csv('/etc/passwd')`],
      ['parquet_metadata', `SELECT x FROM parquet_metadata('/data/x.parquet')`],
    ])('refuses the table function %s', async (name, sql) => {
      expect(await refusal(sql)).toContain(`${name}(…) in FROM is not allowed`);
    });

    it('refuses a file path used as a table', async () => {
      expect(await refusal(`SELECT column0 FROM '/etc/passwd'`)).toContain('is a file, not a table');
      expect(await refusal(`SELECT x FROM 'data.csv'`)).toContain('is a file, not a table');
    });

    it('refuses unknown, bare and wrongly qualified tables, naming the right ones', async () => {
      expect(await refusal(`SELECT x FROM cia_logs.secrets WHERE year = '2023'`)).toMatch(/unknown table cia_logs\.secrets: the tables are cia_logs\.cloudtrail_logs, .*cia_logs\.guardduty_findings/);
      expect(await refusal(`SELECT eventname FROM cloudtrail_logs WHERE ${CT_KEYS}`)).toBe('write the table fully qualified, as cia_logs.cloudtrail_logs');
      expect(await refusal(`SELECT eventname FROM main.cloudtrail_logs WHERE ${CT_KEYS}`)).toContain('as cia_logs.cloudtrail_logs');
      expect(await refusal(`SELECT eventname FROM other.cia_logs.cloudtrail_logs WHERE ${CT_KEYS}`)).toContain('unknown catalog other');
      expect(await refusal(`SELECT 1 AS one`)).toContain('reads no table');
    });

    it('rewrites the awsdatacatalog. prefix, quoted or not, in any case', async () => {
      for (const prefix of ['awsdatacatalog.', 'AwsDataCatalog.', '"awsdatacatalog" . ']) {
        const result = await accepted(`SELECT eventname FROM ${prefix}cia_logs.cloudtrail_logs WHERE ${CT_KEYS} LIMIT 5`);
        expect(result.sql).toBe(`SELECT eventname FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS} LIMIT 5`);
        expect(result.notes).toEqual(['the awsdatacatalog. prefix was removed']);
      }
    });

    it('allows CTEs, subqueries, joins and UNNEST over catalog tables', async () => {
      await accepted(`WITH calls AS (SELECT eventname, eventtime FROM ${CT} WHERE ${CT_KEYS}) SELECT eventname, count(*) AS n FROM calls GROUP BY eventname ORDER BY n DESC LIMIT 10`);
      await accepted(`SELECT e.eventname FROM (SELECT eventname FROM ${CT} WHERE ${CT_KEYS}) AS e LIMIT 3`);
      await accepted(`SELECT c.eventname, f.srcaddr FROM ${CT} c JOIN cia_logs.flowlogs f ON c.sourceipaddress = f.srcaddr WHERE c.account_id = '1' AND c.region = 'r' AND c.year = '2023' AND c.month = '07' AND c.day = '10' AND f.aws_account_id = '1' AND f.aws_region = 'r' AND f.year = '2023' AND f.month = '07' AND f.day = '10' LIMIT 5`);
      await accepted(`SELECT log_event.message FROM cia_logs.cloudwatch_logs CROSS JOIN UNNEST(logevents) AS t(log_event) WHERE log_group = 'g' AND account_id = '1' AND year = '2023' AND month = '07' LIMIT 5`);
      await accepted(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} AND sourceipaddress IN (SELECT srcaddr FROM cia_logs.flowlogs WHERE ${FLOW_KEYS}) LIMIT 5`);
    });
  });

  describe('partition keys', () => {
    it('accepts =, IN, BETWEEN, comparisons and ORs whose every branch narrows the key', async () => {
      await accepted(`SELECT eventname FROM ${CT} WHERE account_id IN ('1', '2') AND region > '' AND year BETWEEN '2022' AND '2023' AND ((month = '07' AND day IN ('30', '31')) OR (month = '08' AND day = '01'))`);
      await accepted(`SELECT eventname FROM ${CT} WHERE '111111111111' = account_id AND region = 'us-east-1' AND year >= '2023' AND month <= '07' AND day < '11'`);
    });

    it('does not count conditions that do not narrow the key', async () => {
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE account_id = '1' AND region = 'r' AND year = year AND month = '07' AND day = '10'`)).toContain('missing: year');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE account_id = '1' AND region = 'r' AND year <> '2023' AND month = '07' AND day = '10'`)).toContain('missing: year');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE account_id = '1' AND region = 'r' AND (year = '2023' OR eventname = 'x') AND month = '07' AND day = '10'`)).toContain('missing: year');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE account_id = '1' AND region = 'r' AND year = '2023' AND month = '07' AND day IS NOT NULL`)).toContain('missing: day');
      expect(await refusal(`SELECT day, count(*) AS n FROM ${CT} WHERE account_id = '1' AND region = 'r' AND year = '2023' AND month = '07' GROUP BY day HAVING day = '10'`)).toContain('missing: day');
    });

    it('requires the keys of every table: each side of a UNION, subqueries, CTEs and joins', async () => {
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} UNION SELECT eventname FROM ${CT} WHERE year = '2023'`)).toContain('missing: account_id');
      expect(await refusal(`WITH c AS (SELECT eventname FROM ${CT}) SELECT eventname FROM c`)).toContain('missing: account_id, region, year, month, day');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} AND sourceipaddress IN (SELECT srcaddr FROM cia_logs.flowlogs)`)).toContain('cia_logs.flowlogs must be filtered');
      expect(await refusal(`SELECT c.eventname FROM ${CT} c JOIN cia_logs.flowlogs f ON c.sourceipaddress = f.srcaddr WHERE c.account_id = '1' AND c.region = 'r' AND c.year = '2023' AND c.month = '07' AND c.day = '10'`)).toContain('cia_logs.flowlogs must be filtered');
    });

    it('matches keys qualified by the table alias only', async () => {
      await accepted(`SELECT t.eventname FROM ${CT} t WHERE t.account_id = '1' AND t.region = 'r' AND t.year = '2023' AND t.month = '07' AND t.day = '10'`);
      expect(await refusal(`SELECT t.eventname FROM ${CT} t WHERE other.account_id = '1' AND t.region = 'r' AND t.year = '2023' AND t.month = '07' AND t.day = '10'`)).toContain('missing: account_id');
    });
  });

  describe('columns and functions', () => {
    it.each([
      ['SELECT *', `SELECT * FROM ${CT} WHERE ${CT_KEYS}`],
      ['t.*', `SELECT t.* FROM ${CT} t WHERE ${CT_KEYS}`],
      ['COLUMNS(*)', `SELECT COLUMNS(*) FROM ${CT} WHERE ${CT_KEYS}`],
      ["COLUMNS('regex')", `SELECT COLUMNS('event.*') FROM ${CT} WHERE ${CT_KEYS}`],
      ['* EXCLUDE', `SELECT * EXCLUDE (requestparameters) FROM ${CT} WHERE ${CT_KEYS}`],
      ['FROM-first without a select list', `FROM ${CT} WHERE ${CT_KEYS}`],
    ])('refuses %s', async (_, sql) => {
      expect(await refusal(sql)).toContain('name the columns you need instead of *');
    });

    it('refuses selecting a whole row by its table name', async () => {
      expect(await refusal(`SELECT t FROM ${CT} t WHERE ${CT_KEYS}`)).toContain('whole row (t)');
      expect(await refusal(`SELECT to_json(cloudtrail_logs) AS j FROM ${CT} WHERE ${CT_KEYS}`)).toContain('whole row (cloudtrail_logs)');
    });

    it.each([
      ['current_setting', `SELECT current_setting('allowed_directories') AS s FROM ${CT} WHERE ${CT_KEYS}`],
      ['getenv', `SELECT getenv('HOME') AS s FROM ${CT} WHERE ${CT_KEYS}`],
      ['read_blob', `SELECT read_blob('/etc/passwd') AS s FROM ${CT} WHERE ${CT_KEYS}`],
      ['query', `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} AND eventname IN (SELECT x FROM (SELECT query('SELECT 1') AS x))`],
      ['version', `SELECT version() AS v FROM ${CT} WHERE ${CT_KEYS}`],
      ['duckdb_settings', `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} AND eventname IN (SELECT name FROM (SELECT duckdb_settings() AS name))`],
    ])('refuses the function %s', async (name, sql) => {
      expect(await refusal(sql)).toContain(`function ${name}() is not allowed`);
    });

    it('refuses schema-qualified functions and parameters', async () => {
      expect(await refusal(`SELECT system.main.lower(eventname) AS e FROM ${CT} WHERE ${CT_KEYS}`)).toContain('bare name');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} AND eventname = ?`)).toContain('parameters');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} AND eventname = $1`)).toMatch(/\$ quoting and \$1 parameters/);
    });

    it('allows the functions an analyst needs, including the Trino compatibility macros', async () => {
      await accepted(`SELECT date_trunc('hour', from_iso8601_timestamp(eventtime)) AS hour, json_extract_scalar(requestparameters, '$.bucketName') AS bucket,
        count(*) AS n, count(DISTINCT useridentity.arn) AS callers, approx_distinct(sourceipaddress) AS ips, max_by(eventname, eventtime) AS last_call,
        regexp_like(useragent, 'aws-cli') AS cli, coalesce(errorcode, 'ok') AS outcome, row_number() OVER (ORDER BY count(*) DESC) AS rank
        FROM ${CT} WHERE ${CT_KEYS} AND lower(eventname) LIKE 'get%' AND eventtime >= to_iso8601(current_timestamp - INTERVAL '1' DAY)
        GROUP BY 1, 2, 6, 7 ORDER BY n DESC LIMIT 10`);
    });
  });

  describe('LIMIT', () => {
    it('adds LIMIT 20 when missing, lowers a larger one, keeps a smaller one', async () => {
      expect(await accepted(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS};`)).toMatchObject({ sql: `SELECT eventname FROM ${CT} WHERE ${CT_KEYS}\nLIMIT 20`, limit: 20, capped: true, notes: ['LIMIT 20 was added'] });
      expect(await accepted(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 1000`)).toMatchObject({ sql: `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 20`, limit: 20, capped: true });
      expect(await accepted(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 7`)).toMatchObject({ limit: 7, capped: false, notes: [] });
    });

    it('caps at 5 when a verbose column is selected anywhere, but not for small values inside it', async () => {
      expect(await accepted(`SELECT eventname, requestparameters FROM ${CT} WHERE ${CT_KEYS} LIMIT 1000`)).toMatchObject({ limit: 5, verbose: true, sql: expect.stringMatching(/LIMIT 5$/) });
      expect(await accepted(`SELECT e FROM (SELECT responseelements AS e FROM ${CT} WHERE ${CT_KEYS}) AS s`)).toMatchObject({ limit: 5, verbose: true });
      expect(await accepted(`SELECT detail FROM cia_logs.guardduty_findings WHERE account_id = '1' AND year = '2023' AND month = '07' AND day = '10'`)).toMatchObject({ limit: 5 });
      expect(await accepted(`SELECT json_extract_string(requestparameters, '$.bucketName') AS bucket, count(requestparameters) AS n FROM ${CT} WHERE ${CT_KEYS} GROUP BY 1`)).toMatchObject({ limit: 20, verbose: false });
      expect(await accepted(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} AND requestparameters LIKE '%x%'`)).toMatchObject({ limit: 20 });
    });

    it('caps the whole UNION, and keeps byte offsets right after multi-byte text', async () => {
      const union = await accepted(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} UNION ALL SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 500`);
      expect(union.sql.endsWith('LIMIT 20')).toBe(true);
      const unicode = await accepted(`SELECT 'é€😀' AS x, eventname FROM awsdatacatalog.${CT} WHERE ${CT_KEYS} AND eventname <> 'ü' LIMIT 1000`);
      expect(unicode.sql).toBe(`SELECT 'é€😀' AS x, eventname FROM ${CT} WHERE ${CT_KEYS} AND eventname <> 'ü' LIMIT 20`);
    });

    it('refuses OFFSET, percentages and non-constant limits, with the fix', async () => {
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 20 OFFSET 20`)).toContain('OFFSET is not allowed');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 10%`)).toContain('percentage');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT (SELECT 5)`)).toContain('plain number, e.g. LIMIT 20');
      expect(await refusal(`SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 1e3`)).toBeTruthy();
    });

    it('refuses them in subqueries and CTEs too (found by the fuzzer: an inner OFFSET pages past the cap)', async () => {
      expect(await refusal(`SELECT eventname FROM (SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 10 OFFSET 100000) t`)).toContain('OFFSET is not allowed');
      expect(await refusal(`WITH t AS (SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 50%) SELECT eventname FROM t`)).toContain('percentage');
      expect(await refusal(`WITH t AS (SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT (SELECT 1000000)) SELECT eventname FROM t`)).toContain('plain number');
      expect(await accepted(`SELECT eventname FROM (SELECT eventname FROM ${CT} WHERE ${CT_KEYS} LIMIT 500) t`)).toMatchObject({ limit: 20, capped: true });
    });
  });

  describe('UNIONs carrying a forbidden part', () => {
    it.each([
      `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} UNION SELECT content FROM read_text('/etc/passwd')`,
      `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} UNION ALL SELECT column0 FROM '/etc/passwd'`,
      `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} UNION SELECT current_setting('allowed_directories')`,
      `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} UNION SELECT name FROM duckdb_settings()`,
      `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} EXCEPT SELECT x FROM query('SELECT 1 AS x')`,
      `SELECT eventname FROM ${CT} WHERE ${CT_KEYS} INTERSECT SELECT eventname FROM read_parquet('/tmp/x.parquet')`,
    ])('%s', async (sql) => {
      expect(await refusal(sql)).toMatch(/not allowed|is a file/);
    });
  });
});

describe('the guard accepts the compiler\'s output as it is', () => {
  const time = { from: '2023-07-30T10:00:00Z', to: '2023-08-02T00:00:00Z' };
  const long = { from: '2023-01-15T00:00:00Z', to: '2023-06-10T00:00:00Z' };
  const specs: QuerySpecInput[] = [
    { table: 'cloudtrail_logs', time, accounts: ['111111111111'] },
    { table: 'cloudtrail_logs', time: long, accounts: ['111111111111', '222222222222'], regions: ['us-east-1', 'eu-west-1'], filters: [{ column: 'errorcode', op: 'is_null' }], group_by: ['useridentity.username'], aggregates: [{ fn: 'count', as: 'calls' }] },
    { table: 'cloudtrail_logs', time, accounts: ['111111111111'], select: [{ column: 'eventtime' }, { column: 'requestparameters' }], limit: 100 },
    { table: 'cloudtrail_logs', time, accounts: ['111111111111'], select: [{ column: 'requestparameters.bucketName', as: 'bucket' }], filters: [{ column: 'requestparameters.ipPermissions.items', op: 'contains', value: '0.0.0.0/0' }], distinct: true },
    { table: 'cloudwatch_logs', time, accounts: ['111111111111'], filters: [{ column: 'loggroup', op: 'in', value: ['/aws/lambda/a', '/aws/lambda/b'] }, { column: 'log_event.message', op: 'contains', value: 'ERROR', ignore_case: true }] },
    { table: 'config_logs', time, accounts: ['111111111111'], regions: ['us-east-1'], select: [{ column: 'configuration' }, { column: 'resourceid' }] },
    { table: 'cur_data', time: long, group_by: ['line_item_product_code'], aggregates: [{ fn: 'sum', column: 'line_item_unblended_cost', as: 'cost' }] },
    { table: 'flowlogs', time, accounts: ['111111111111'], regions: ['us-east-1'], filters: [{ column: 'dstport', op: 'in', value: [22, 3389] }, { column: 'action', op: 'eq', value: 'REJECT' }], group_by: ['srcaddr'], aggregates: [{ fn: 'count', as: 'flows' }, { fn: 'sum', column: 'bytes', as: 'bytes' }], order_by: [{ column: 'flows', direction: 'desc' }] },
    { table: 'guardduty_findings', time: long, accounts: ['111111111111'], filters: [{ column: 'detail.severity', op: 'gte', value: 7 }], select: [{ column: 'detail.type' }, { column: 'detail.resource' }] },
  ];
  const dialects: SqlDialect[] = ['duckdb', 'athena'];

  const cases = [...specs.map((spec, i): [string, QuerySpecInput] => [`${spec.table} #${i}`, spec]), ...specMatrix(time, ['111111111111'])];
  it.each(cases.flatMap(([name, spec]) => dialects.map((dialect) => [`${name} (${dialect})`, spec, dialect] as const)))('%s', async (_, spec, dialect) => {
    const compiled = compileQuerySpec(spec as never, dialect);
    const result = await accepted(compiled.sql);
    expect(result).toMatchObject({ sql: compiled.sql, capped: false, verbose: compiled.verbose, notes: [] });
  });

  it('covers every catalog table', () => {
    expect(new Set(specs.map((s) => s.table))).toEqual(new Set(CATALOG.map((t) => t.name)));
  });
});

describe('the statement text', () => {
  it('trims blanks and trailing semicolons, and keeps quotes and dashes inside strings', () => {
    expect(normalizeSqlText(`  SELECT 'a--b', "x/*y" FROM t ;; \n`)).toEqual({ ok: true, sql: `SELECT 'a--b', "x/*y" FROM t` });
    expect(normalizeSqlText(`SELECT 'it''s -- fine' FROM t`)).toEqual({ ok: true, sql: `SELECT 'it''s -- fine' FROM t` });
  });

  it('refuses what the two engines could read differently', () => {
    expect(normalizeSqlText(`SELECT E'a\\' -- ' FROM t`)).toMatchObject({ ok: false, reason: expect.stringContaining("E'…' strings") });
    expect(normalizeSqlText('SELECT $$a$$ FROM t')).toMatchObject({ ok: false, reason: expect.stringContaining('$ quoting') });
    expect(normalizeSqlText('SELECT 1 FROM t\0; DROP VIEW t')).toMatchObject({ ok: false, reason: expect.stringContaining('NUL') });
    expect(normalizeSqlText(' ; ')).toMatchObject({ ok: false, reason: expect.stringContaining('empty') });
    expect(normalizeSqlText(`SELECT '${'x'.repeat(20_001)}'`)).toMatchObject({ ok: false, reason: expect.stringContaining('longer than') });
    // A column named e followed by a string is not an E-string.
    expect(normalizeSqlText(`SELECT type FROM t WHERE type='x'`)).toMatchObject({ ok: true });
  });

  it('applies rewrites at byte offsets and refuses when the text there is not what was expected', () => {
    const sql = `SELECT 'é' AS x FROM awsdatacatalog.cia_logs.t LIMIT 900`;
    const catalogAt = Buffer.byteLength(sql.slice(0, sql.indexOf('awsdatacatalog')));
    const limitAt = Buffer.byteLength(sql.slice(0, sql.indexOf('900')));
    expect(applyRewrites(sql, [{ kind: 'drop_catalog', location: catalogAt }, { kind: 'set_limit', location: limitAt, from: 900, to: 20 }])).toEqual({ ok: true, sql: `SELECT 'é' AS x FROM cia_logs.t LIMIT 20` });
    expect(applyRewrites(sql, [{ kind: 'set_limit', location: limitAt - 1, from: 900, to: 20 }])).toMatchObject({ ok: false });
    expect(applyRewrites(sql, [{ kind: 'drop_catalog', location: 0 }])).toMatchObject({ ok: false });
  });
});
