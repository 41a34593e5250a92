import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableByName } from '../../../pipeline-infra/catalog/index.js';
import { compileQuerySpec } from '../../../pipeline-infra/query/compiler.js';
import { QueryEngineError } from '../../../pipeline-infra/query/engine.js';
import { COMPACTED_DIR } from '../../../pipeline-infra/query/engines/compaction.js';
import { openDuckDbEngine, type DuckDbEngine } from '../../../pipeline-infra/query/engines/duckdb-engine.js';
import { compactedRowsSql, parquetGlobs, parquetRowsSql, parquetSchemaSql, type FileColumn } from '../../../pipeline-infra/query/engines/duckdb-sql.js';
import { DuckDbSqlParser, guardSql } from '../../../pipeline-infra/query/guard/index.js';
import type { QuerySpecInput } from '../../../pipeline-infra/query/query-spec.js';
import { buildFixtureLake, FIXTURE, snapshotTree } from '../../support/fixture-lake.js';
import { specMatrix } from '../../support/query-specs.js';

const CT_WHERE = `account_id = '${FIXTURE.cloudtrailAccount}' AND region = 'us-east-1' AND year = '2018' AND month = '11'`;

describe('the DuckDB engine over a fixture lake', () => {
  let lake: string;
  let engine: DuckDbEngine;
  let parser: DuckDbSqlParser;

  beforeAll(async () => {
    lake = await buildFixtureLake();
    engine = await openDuckDbEngine({ lakeDir: lake, timeoutMs: 10_000 });
    parser = await DuckDbSqlParser.open();
  });
  afterAll(async () => {
    parser?.close();
    await engine?.close();
    rmSync(lake, { recursive: true, force: true });
  });

  const rows = async (sql: string) => (await engine.run(sql)).rows;

  it('compacts the JSON tables to hive-partitioned Parquet under .cia/compacted, and reads Parquet tables in place', () => {
    const compacted = join(lake, COMPACTED_DIR);
    const files = readdirSync(compacted, { recursive: true }).map(String);
    expect(files).toEqual(expect.arrayContaining([
      expect.stringMatching(/^cloudtrail_logs\/account_id=653711331788\/region=us-east-1\/year=2018\/month=11\/day=28\/part_.*\.parquet$/),
      expect.stringMatching(/^cloudtrail_logs\/account_id=653711331788\/region=us-east-1\/year=2018\/month=11\/day=29\/part_.*\.parquet$/),
      expect.stringMatching(/^guardduty_findings\/account_id=123412341234\/year=2022\/month=11\/day=22\/part_.*\.parquet$/),
      expect.stringMatching(/^cloudwatch_logs\/log_group=CloudTrail\/account_id=111111111111\/year=2015\/month=05\/part_.*\.parquet$/),
      'cloudtrail_logs/manifest.json',
    ]));
    expect(files.some((f) => f.startsWith('flowlogs'))).toBe(false);
    expect(engine.warnings).toEqual([]);
  });

  it('exposes the catalog columns, lower-case, with partition keys as strings', async () => {
    const [row] = await rows(
      `SELECT eventname, useridentity.sessioncontext.sessionissuer.username AS issuer, requestparameters, account_id, region, year, month, day, typeof(year) AS year_type
       FROM cia_logs.cloudtrail_logs WHERE ${CT_WHERE} AND day = '28' AND eventid LIKE '6177ca7e%'`,
    );
    expect(row).toEqual({
      eventname: 'AssumeRole', issuer: null, requestparameters: expect.stringContaining('"roleArn":"arn:aws:iam::653711331788:role/level3"'),
      account_id: '653711331788', region: 'us-east-1', year: '2018', month: '11', day: '28', year_type: 'VARCHAR',
    });
    const [finding] = await rows(`SELECT detail_type, detail.type AS type, detail.severity AS severity FROM cia_logs.guardduty_findings WHERE account_id = '123412341234' AND year = '2022' AND month = '11' AND day = '22' ORDER BY detail.updatedat LIMIT 1`);
    expect(finding).toEqual({ detail_type: 'GuardDuty Finding', type: expect.any(String), severity: expect.any(Number) });
    const [flow] = await rows(`SELECT aws_account_id, aws_region, day, srcaddr, bytes, "end" - start AS seconds, traffic_path FROM cia_logs.flowlogs WHERE aws_account_id = '111111111111' AND day = '10' ORDER BY start LIMIT 1`);
    expect(flow).toEqual({ aws_account_id: '111111111111', aws_region: 'us-east-1', day: '10', srcaddr: '10.0.0.0', bytes: 1000, seconds: 59, traffic_path: null });
  });

  it('reads every record once per table, in both the compacted and the raw schema', async () => {
    const raw = FIXTURE.flaws2Records + FIXTURE.redeliveredRecords + 2;
    expect(await rows('SELECT count(*) AS n FROM cia_logs.cloudtrail_logs')).toEqual([{ n: raw }]);
    expect(await rows('SELECT count(*) AS n FROM cia_raw.cloudtrail_logs')).toEqual([{ n: raw }]);
    expect(await rows('SELECT count(*) AS n FROM cia_logs.guardduty_findings')).toEqual([{ n: FIXTURE.guarddutyFindings }]);
    expect(await rows('SELECT count(*) AS n FROM cia_logs.cloudwatch_logs CROSS JOIN UNNEST(logevents) AS t(log_event)')).toEqual([{ n: FIXTURE.cloudwatchEvents }]);
    expect(await rows('SELECT count(*) AS n FROM cia_logs.flowlogs')).toEqual([{ n: FIXTURE.flowAccounts.length * FIXTURE.flowDays.length * FIXTURE.flowsPerPartition }]);
  });

  it('has views for tables without files: zero rows, not an error', async () => {
    expect(await rows(`SELECT resourcetype, count(*) AS n FROM cia_logs.config_logs WHERE account_id = '1' GROUP BY 1`)).toEqual([]);
    expect(await rows('SELECT count(*) AS n FROM cia_logs.cur_data')).toEqual([{ n: 0 }]);
    expect(await rows('SELECT count(*) AS n FROM cia_raw.config_logs')).toEqual([{ n: 0 }]);
  });

  it('runs the compiled SQL of every table, deduplicating CloudTrail by id, time and name', async () => {
    const run = async (spec: QuerySpecInput) => {
      const verdict = await guardSql(compileQuerySpec(spec as never, 'duckdb').sql, parser);
      if (!verdict.ok) throw new Error(verdict.reason);
      return (await engine.run(verdict.sql)).rows;
    };
    const day = { from: '2018-11-28T00:00:00Z', to: '2018-11-30T00:00:00Z' };
    const perDay = await run({ table: 'cloudtrail_logs', time: day, accounts: [FIXTURE.cloudtrailAccount], group_by: ['day'], aggregates: [{ fn: 'count', as: 'events' }], order_by: [{ column: 'day', direction: 'asc' }] });
    // The redelivered file adds nothing; the two events sharing eventID "1" both count.
    expect(perDay).toEqual([{ day: '28', events: FIXTURE.flaws2Records }, { day: '29', events: 2 }]);
    const failures = await run({ table: 'cloudtrail_logs', time: day, accounts: [FIXTURE.cloudtrailAccount], regions: ['us-east-1'], filters: [{ column: 'errorcode', op: 'eq', value: 'accessdenied', ignore_case: true }], group_by: ['eventname'], aggregates: [{ fn: 'count', as: 'n' }] });
    expect(failures).toEqual([{ eventname: 'CreateLogStream', n: 5 }]);
    const quoted = await run({ table: 'cloudtrail_logs', time: day, accounts: [FIXTURE.cloudtrailAccount], select: [{ column: 'eventname' }, { column: 'requestparameters.note', as: 'note' }], filters: [{ column: 'requestparameters.note', op: 'eq', value: 'it\'s "quoted"' }], order_by: [{ column: 'eventname', direction: 'asc' }] });
    expect(quoted).toEqual([{ eventname: 'ConsoleLogin', note: 'it\'s "quoted"' }, { eventname: 'DeleteBucket', note: 'it\'s "quoted"' }]);
    const flows = await run({ table: 'flowlogs', time: { from: '2023-07-10T00:00:00Z', to: '2023-07-11T00:00:00Z' }, accounts: FIXTURE.flowAccounts, filters: [{ column: 'action', op: 'eq', value: 'REJECT' }], aggregates: [{ fn: 'count', as: 'rejected' }, { fn: 'sum', column: 'bytes', as: 'bytes' }] });
    expect(flows).toEqual([{ rejected: 20, bytes: 2 * 1000 * (1 + 6 + 11 + 16 + 21 + 26 + 31 + 36 + 41 + 46) }]);
    const logs = await run({ table: 'cloudwatch_logs', time: { from: '2015-05-01T00:00:00Z', to: '2015-06-01T00:00:00Z' }, accounts: ['111111111111'], filters: [{ column: 'loggroup', op: 'eq', value: 'CloudTrail' }, { column: 'log_event.message', op: 'contains', value: 'Root' }], aggregates: [{ fn: 'count', as: 'n' }] });
    expect(logs).toEqual([{ n: 3 }]);
    const findings = await run({ table: 'guardduty_findings', time: { from: '2022-11-22T00:00:00Z', to: '2022-11-23T00:00:00Z' }, accounts: ['123412341234'], select: [{ column: 'detail.type' }] });
    expect(findings.map((f) => f.detail_type)).toEqual(['Discovery:Kubernetes/TorIPCaller', 'Persistence:Kubernetes/SuccessfulAnonymousAccess', 'Trojan:EC2/BlackholeTraffic!DNS']);
    expect(await run({ table: 'config_logs', time: day, accounts: ['111111111111'] })).toEqual([]);
    expect(await run({ table: 'cur_data', time: day, aggregates: [{ fn: 'sum', column: 'line_item_unblended_cost', as: 'cost' }] })).toEqual([{ cost: null }]);
  });

  it.each(specMatrix({ from: '2018-11-28T00:00:00Z', to: '2018-11-30T00:00:00Z' }, [FIXTURE.cloudtrailAccount]))('runs the compiled SQL of %s', async (_, spec) => {
    const compiled = compileQuerySpec(spec as never, 'duckdb');
    expect(await guardSql(compiled.sql, parser)).toMatchObject({ ok: true, sql: compiled.sql });
    const result = await engine.run(compiled.sql);
    expect(result.rows.length).toBeLessThanOrEqual(compiled.verbose ? 5 : 20);
  });

  it('returns JSON-safe rows: safe integers as numbers, larger ones as strings, no BigInt', async () => {
    const result = await engine.run(`SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS big, {'n': 7::BIGINT, 'l': [1::BIGINT]} AS nested, TIMESTAMP '2023-07-10 01:02:03' AS t FROM cia_logs.flowlogs LIMIT 1`);
    expect(result.rows).toEqual([{ small: 42, big: '9007199254740993', nested: { n: 7, l: [1] }, t: '2023-07-10 01:02:03' }]);
    expect(result.columns).toEqual(['small', 'big', 'nested', 't']);
    expect(result.bytesScanned).toBeNull();
    expect(() => JSON.stringify(result)).not.toThrow();
  });

  it('interrupts a query that runs past its timeout, and keeps serving', async () => {
    const started = Date.now();
    const error = await engine.run('SELECT sum(x) AS s FROM range(10000000000) t(x)', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryEngineError);
    expect(error).toMatchObject({ failure: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await rows('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('stays locked down even for SQL that bypassed the guard, and writes nothing', async () => {
    const before = snapshotTree(lake);
    const permission = [
      `SELECT * FROM read_csv('/etc/passwd')`,
      `SELECT * FROM read_text('/etc/hostname')`,
      `SELECT * FROM read_blob('/proc/self/environ')`,
      `SELECT * FROM glob('/etc/*')`,
      `SELECT * FROM read_csv('${lake}/../../../etc/passwd')`,
      `SELECT * FROM read_json('http://169.254.169.254/latest/meta-data/')`,
    ];
    for (const sql of permission) await expect(engine.run(sql)).rejects.toMatchObject({ failure: 'failed', message: expect.stringMatching(/Permission Error|disabled/i) });
    await expect(engine.run(`SELECT * FROM '/etc/passwd'`)).rejects.toMatchObject({ failure: 'failed' });
    const rejected = [
      `COPY (SELECT 1) TO '${lake}/leak.csv'`,
      `CREATE TABLE cia_logs.x AS SELECT 1`,
      `CREATE OR REPLACE VIEW cia_logs.cloudtrail_logs AS SELECT 1`,
      `DROP VIEW cia_logs.flowlogs`,
      `ATTACH ':memory:' AS other`,
      'INSTALL httpfs',
      'LOAD httpfs',
      `SET enable_external_access = true`,
      `PRAGMA enable_profiling`,
      `PRAGMA memory_limit = '10GB'`,
      'CALL pragma_version()',
      `SELECT 1; SELECT 2`,
      `EXPLAIN SELECT 1`,
      `EXPORT DATABASE '${lake}/dump'`,
    ];
    for (const sql of rejected) await expect(engine.run(sql)).rejects.toMatchObject({ failure: 'rejected' });
    expect(await rows('SELECT count(*) AS n FROM cia_logs.flowlogs')).toEqual([{ n: 200 }]);
    expect(snapshotTree(lake)).toEqual(before);
  });
});

describe('compaction across openings', () => {
  let lake: string;
  beforeEach(async () => {
    lake = await buildFixtureLake();
  });
  afterEach(() => rmSync(lake, { recursive: true, force: true }));

  it('writes nothing when reopened on an unchanged lake, and recompacts only a partition that changed', async () => {
    await (await openDuckDbEngine({ lakeDir: lake })).close();
    const first = snapshotTree(lake);
    await (await openDuckDbEngine({ lakeDir: lake })).close();
    expect(snapshotTree(lake)).toEqual(first);

    const day29 = `cloudtrail/AWSLogs/${FIXTURE.cloudtrailAccount}/CloudTrail/us-east-1/2018/11/29`;
    writeFileSync(join(lake, day29, 'late.json.gz'), gzipSync(JSON.stringify({ Records: [{ eventID: 'late', eventName: 'PutObject', eventTime: '2018-11-29T10:00:00Z', recipientAccountId: FIXTURE.cloudtrailAccount }] })));
    const engine = await openDuckDbEngine({ lakeDir: lake });
    try {
      expect(await engine.run(`SELECT count(*) AS n FROM cia_logs.cloudtrail_logs WHERE ${CT_WHERE} AND day = '29'`)).toMatchObject({ rows: [{ n: 3 }] });
    } finally {
      await engine.close();
    }
    const second = snapshotTree(lake);
    const compacted = (snapshot: Record<string, string>, day: string) => Object.entries(snapshot).filter(([path]) => path.includes(`cloudtrail_logs/account_id=${FIXTURE.cloudtrailAccount}/region=us-east-1/year=2018/month=11/day=${day}/`));
    expect(compacted(second, '28')).toEqual(compacted(first, '28'));
    expect(compacted(second, '29')).not.toEqual(compacted(first, '29'));
  });

  it('prunes partitions: a query never opens the compacted files of other days', async () => {
    await (await openDuckDbEngine({ lakeDir: lake })).close();
    const day29 = join(lake, COMPACTED_DIR, `cloudtrail_logs/account_id=${FIXTURE.cloudtrailAccount}/region=us-east-1/year=2018/month=11/day=29`);
    for (const file of readdirSync(day29)) writeFileSync(join(day29, file), 'not parquet');
    const engine = await openDuckDbEngine({ lakeDir: lake });
    try {
      expect(await engine.run(`SELECT count(*) AS n FROM cia_logs.cloudtrail_logs WHERE ${CT_WHERE} AND day = '28'`)).toMatchObject({ rows: [{ n: FIXTURE.flaws2Records + FIXTURE.redeliveredRecords }] });
      await expect(engine.run(`SELECT count(*) AS n FROM cia_logs.cloudtrail_logs WHERE ${CT_WHERE} AND day = '29'`)).rejects.toThrow(/parquet/i);
    } finally {
      await engine.close();
    }
  });

  it('leaves out a partition whose files cannot be read, with a warning, and serves the rest', async () => {
    const broken = join(lake, 'guardduty/account_id=123412341234/year=2022/month=11/day=23');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'broken.json.gz'), 'this is not gzip');
    const engine = await openDuckDbEngine({ lakeDir: lake });
    try {
      expect(engine.warnings).toEqual([expect.stringContaining('guardduty_findings partition account_id=123412341234/year=2022/month=11/day=23 could not be read')]);
      expect(await engine.run('SELECT count(*) AS n FROM cia_logs.guardduty_findings')).toMatchObject({ rows: [{ n: FIXTURE.guarddutyFindings }] });
    } finally {
      await engine.close();
    }
  });

  it('builds views that prune hive partitions (EXPLAIN ANALYZE over the same SQL)', async () => {
    await (await openDuckDbEngine({ lakeDir: lake })).close();
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const flowlogs = tableByName('flowlogs')!;
      const globs = parquetGlobs(flowlogs, lake, [0]);
      const schema = (await connection.runAndReadAll(parquetSchemaSql(globs))).getRowObjectsJson().map((r): FileColumn => ({ name: String(r.column_name), type: String(r.column_type) }));
      const plan = async (from: string, where: string) => {
        const reader = await connection.runAndReadAll(`EXPLAIN ANALYZE SELECT sum(length(CAST(v AS VARCHAR))) FROM (SELECT * FROM (${from}) WHERE ${where}) AS v`);
        return reader.getRowObjectsJson().map((r) => Object.values(r).join('\n')).join('\n');
      };
      expect(await plan(parquetRowsSql(flowlogs, globs, schema), `aws_account_id = '111111111111' AND year = '2023' AND month = '07' AND day = '10'`)).toMatch(/Total Files Read:\s*1\b/);
      const cloudtrail = compactedRowsSql(tableByName('cloudtrail_logs')!, join(lake, COMPACTED_DIR, 'cloudtrail_logs'));
      expect(await plan(cloudtrail, `${CT_WHERE} AND day = '29'`)).toMatch(/Total Files Read:\s*1\b/);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('queries the JSON files themselves when the lake cannot be written', async () => {
    writeFileSync(join(lake, '.cia'), 'a file where the compacted copy would go');
    const before = snapshotTree(lake);
    const engine = await openDuckDbEngine({ lakeDir: lake });
    try {
      expect(engine.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^the lake cannot be written .*: cloudtrail_logs is read from its JSON files/)]));
      expect(await engine.run(`SELECT count(*) AS n FROM cia_logs.cloudtrail_logs WHERE ${CT_WHERE} AND day = '29'`)).toMatchObject({ rows: [{ n: 2 }] });
    } finally {
      await engine.close();
    }
    expect(snapshotTree(lake)).toEqual(before);
  });

  it('refuses to open a folder that does not exist', async () => {
    await expect(openDuckDbEngine({ lakeDir: join(lake, 'missing') })).rejects.toThrow(/no lake folder/);
  });
});
