import { rmSync } from 'node:fs';
import type { QueryEngine } from '../../../pipeline-infra/query/engine.js';
import { openDuckDbEngine, type DuckDbEngine } from '../../../pipeline-infra/query/engines/duckdb-engine.js';
import { DuckDbSqlParser, guardSql } from '../../../pipeline-infra/query/guard/index.js';
import { buildFixtureLake, FIXTURE, snapshotTree } from '../../support/fixture-lake.js';

/**
 * The list of hostile statements, end to end: each is refused by the guard before any
 * engine sees it, and the lake is left exactly as it was.
 */

const CT_KEYS = `account_id = '${FIXTURE.cloudtrailAccount}' AND region = 'us-east-1' AND year = '2018' AND month = '11' AND day = '28'`;
const OK = `SELECT eventname FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}`;

/** `LAKE` stands for the fixture lake's folder. */
const HOSTILE: [string, string][] = [
  ['read_text', `SELECT content FROM read_text('/etc/passwd')`],
  ['read_text as a scalar', `SELECT read_text('/etc/passwd') AS t FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}`],
  ['read_csv', `SELECT column0 FROM read_csv('/etc/passwd')`],
  ['read_csv inside the lake', `SELECT column0 FROM read_csv('LAKE/cloudtrail/**/*.gz')`],
  ['read_json', `SELECT x FROM read_json_auto('LAKE/guardduty/**/*.json.gz')`],
  ['read_parquet', `SELECT srcaddr FROM read_parquet('LAKE/flowlogs/**/*.parquet')`],
  ['COPY … TO', `COPY (${OK}) TO 'LAKE/leak.csv'`],
  ['COPY … FROM', `COPY cia_logs.cloudtrail_logs FROM '/etc/passwd'`],
  ['ATTACH', `ATTACH 'LAKE/evil.db' AS evil`],
  ['INSTALL', 'INSTALL httpfs'],
  ['LOAD', `LOAD 'LAKE/evil.duckdb_extension'`],
  ['PRAGMA', 'PRAGMA database_list'],
  ['SET', `SET allowed_directories = ['/']`],
  ['a second statement', `${OK}; DROP VIEW cia_logs.cloudtrail_logs`],
  ['query()', `SELECT x FROM query('SELECT 1 AS x')`],
  ['current_setting', `SELECT current_setting('allowed_directories') AS s FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}`],
  ['duckdb_settings()', `SELECT name, value FROM duckdb_settings()`],
    ["'/etc/passwd' as a table", `SELECT column0 FROM '/etc/passwd'`],
  ['a lake file as a table', `SELECT srcaddr FROM 'LAKE/flowlogs/AWSLogs/aws-account-id=111111111111/aws-service=vpcflowlogs/aws-region=us-east-1/year=2023/month=07/day=10/flows.parquet'`],
  ['a UNION with read_text', `${OK} UNION SELECT content FROM read_text('/etc/passwd')`],
  ['a UNION with current_setting', `${OK} UNION ALL SELECT current_setting('temp_directory')`],
  ['a comment hiding a statement', `${OK} /* ; */; DROP VIEW cia_logs.cloudtrail_logs`],
  ['a line comment', `${OK} -- harmless?\nLIMIT 1000`],
  ['a nested comment', `SELECT eventname FROM cia_logs.cloudtrail_logs /* /* */ , cia_logs.flowlogs /* */ WHERE ${CT_KEYS}`],
  ['missing partition keys', `SELECT eventname FROM cia_logs.cloudtrail_logs WHERE year = '2018'`],
  ['SELECT *', `SELECT * FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}`],
  ['an unknown table', `SELECT x FROM cia_logs.secrets`],
  ['a catalog table of DuckDB', `SELECT database_name FROM duckdb_databases()`],
  ['information_schema', `SELECT table_name FROM information_schema.tables`],
  ['CREATE TABLE', `CREATE TABLE cia_logs.x AS ${OK}`],
  ['CREATE VIEW over a table', `CREATE OR REPLACE VIEW cia_logs.cloudtrail_logs AS SELECT 1 AS eventname`],
  ['INSERT', `INSERT INTO cia_logs.cloudtrail_logs (eventname) VALUES ('x')`],
  ['UPDATE', `UPDATE cia_logs.cloudtrail_logs SET eventname = 'x'`],
  ['DELETE', `DELETE FROM cia_logs.cloudtrail_logs`],
  ['DROP', 'DROP SCHEMA cia_logs CASCADE'],
  ['EXPORT DATABASE', `EXPORT DATABASE 'LAKE/dump'`],
  ['CREATE SECRET', `CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')`],
  ['CREATE MACRO', `CREATE MACRO read_text(x) AS x`],
  ['DETACH', 'DETACH memory'],
  ['CHECKPOINT', 'CHECKPOINT'],
  ['an E-string', `SELECT eventname FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS} AND eventname = E'\\' OR 1=1 --'`],
];

describe('hostile SQL through the guard and the DuckDB engine', () => {
  let lake: string;
  let engine: DuckDbEngine;
  let parser: DuckDbSqlParser;
  const seen: string[] = [];
  /** The engine as callers see it, recording every statement that reaches it. */
  let spy: QueryEngine;

  beforeAll(async () => {
    lake = await buildFixtureLake();
    engine = await openDuckDbEngine({ lakeDir: lake });
    parser = await DuckDbSqlParser.open();
    spy = { name: 'duckdb', ping: () => engine.ping(), close: () => engine.close(), run: (sql, options) => (seen.push(sql), engine.run(sql, options)) };
  });
  afterAll(async () => {
    parser?.close();
    await engine?.close();
    rmSync(lake, { recursive: true, force: true });
  });

  /** The one path every SQL string takes: guard, then the engine with the statement as rewritten. */
  async function guardedRun(sql: string) {
    const verdict = await guardSql(sql, parser);
    if (!verdict.ok) return verdict;
    return { ...verdict, result: await spy.run(verdict.sql) };
  }

  let before: Record<string, string>;
  it('starts from a snapshot of the lake', () => {
    before = snapshotTree(lake);
    expect(Object.keys(before).length).toBeGreaterThan(20);
  });

  it.each(HOSTILE)('refuses %s', async (_, template) => {
    const outcome = await guardedRun(template.replaceAll('LAKE', lake));
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/.{20,}/) });
  });

  it('let none of them reach the engine, and nothing was written', () => {
    expect(seen).toEqual([]);
    expect(snapshotTree(lake)).toEqual(before);
  });

  it('still answers a legitimate query, with the LIMIT capped', async () => {
    const outcome = await guardedRun(`SELECT eventname, count(*) AS n FROM awsdatacatalog.cia_logs.cloudtrail_logs WHERE ${CT_KEYS} GROUP BY eventname ORDER BY n DESC, eventname LIMIT 1000`);
    expect(outcome).toMatchObject({ ok: true, capped: true, limit: 20, sql: expect.not.stringContaining('awsdatacatalog') });
    expect(outcome.ok && outcome.result.rows[0]).toEqual({ eventname: 'GetObject', n: 22 });
    const verbose = await guardedRun(`SELECT eventname, requestparameters FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}`);
    expect(verbose.ok && verbose.result.rows).toHaveLength(5);
    expect(seen).toHaveLength(2);
  });
});
