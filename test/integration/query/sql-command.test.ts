import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { CommanderError } from 'commander';
import { sqlCommand } from '../../../bot/cli/sql-command.js';
import { buildFixtureLake, FIXTURE, snapshotTree } from '../../support/fixture-lake.js';

const CT_KEYS = `account_id = '${FIXTURE.cloudtrailAccount}' AND region = 'us-east-1' AND year = '2018' AND month = '11' AND day = '28'`;

/** Runs `cia sql …` in-process: its exit code and what it printed on stdout. */
async function cia(args: string[]): Promise<{ code: number; stdout: string }> {
  const printed: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
  try {
    await sqlCommand().exitOverride().configureOutput({ writeErr: () => undefined }).parseAsync(args, { from: 'user' });
    return { code: 0, stdout: printed.join('') };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, stdout: printed.join('') };
    throw error;
  } finally {
    write.mockRestore();
  }
}

const json = async (sql: string, lake: string) => {
  const { code, stdout } = await cia([sql, '--lake', lake, '--json']);
  expect(code).toBe(0);
  return JSON.parse(stdout) as Record<string, unknown>;
};

describe('cia sql', () => {
  let lake: string;
  beforeAll(async () => {
    lake = await buildFixtureLake();
  });
  afterAll(() => rmSync(lake, { recursive: true, force: true }));

  it('refuses before opening the lake: nothing is compacted for a refused statement', async () => {
    expect(await json(`SELECT * FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}`, lake)).toEqual({ status: 'refused', reason: expect.stringContaining('name the columns you need') });
    expect(await json(`COPY (SELECT 1) TO '${lake}/x.csv'`, lake)).toEqual({ status: 'refused', reason: expect.stringContaining('only one SELECT statement') });
    expect(existsSync(join(lake, '.cia'))).toBe(false);
  });

  it('prints the statement as run and the rows as JSON', async () => {
    const output = await json(`SELECT eventname, count(*) AS n FROM awsdatacatalog.cia_logs.cloudtrail_logs WHERE ${CT_KEYS} GROUP BY eventname ORDER BY n DESC, eventname`, lake);
    expect(output).toMatchObject({
      status: 'ok',
      sql: `SELECT eventname, count(*) AS n FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS} GROUP BY eventname ORDER BY n DESC, eventname\nLIMIT 20`,
      columns: ['eventname', 'n'],
      notes: ['the awsdatacatalog. prefix was removed', 'LIMIT 20 was added'],
    });
    expect((output.rows as unknown[]).slice(0, 2)).toEqual([{ eventname: 'GetObject', n: 22 }, { eventname: 'AssumeRole', n: 3 + FIXTURE.redeliveredRecords }]);
  });

  it('reports an engine error with the statement that ran', async () => {
    expect(await json(`SELECT nosuchcolumn FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}`, lake)).toEqual({
      status: 'error',
      sql: `SELECT nosuchcolumn FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}\nLIMIT 20`,
      reason: expect.stringContaining('nosuchcolumn'),
    });
  });

  it('prints a table for people', async () => {
    const sql = `SELECT eventname, errorcode, count(*) AS n FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS} AND errorcode IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC LIMIT 5`;
    const { code, stdout } = await cia([sql, '--lake', lake]);
    expect(code).toBe(0);
    expect(stdout).toBe([
      sql,
      '',
      'eventname       | errorcode    | n',
      '----------------|--------------|--',
      'CreateLogStream | AccessDenied | 5',
      'GetObject       | NoSuchKey    | 2',
      '(2 rows)',
      '',
    ].join('\n'));
    expect((await cia(['SELECT 1', '--lake', lake])).stdout).toMatch(/^refused: the statement reads no table/);
  });

  it('is a usage error without a lake, or with one that does not exist', async () => {
    expect((await cia(['SELECT 1'])).code).not.toBe(0);
    expect((await cia(['SELECT 1', '--lake', join(lake, 'missing')])).code).toBe(2);
  });

  it('never writes to the lake when running queries', async () => {
    await json(`SELECT eventname FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS} LIMIT 1`, lake);
    const before = snapshotTree(lake);
    const statements = [
      `SELECT srcaddr, sum(bytes) AS bytes FROM cia_logs.flowlogs WHERE aws_account_id = '111111111111' AND aws_region = 'us-east-1' AND year = '2023' AND month = '07' AND day IN ('10', '11') GROUP BY srcaddr`,
      `COPY (SELECT eventname FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS}) TO '${lake}/leak.csv'`,
      `EXPORT DATABASE '${lake}/dump'`,
      `ATTACH '${lake}/evil.db' AS evil`,
      `CREATE TABLE cia_logs.x AS SELECT 1`,
      `SELECT eventname FROM cia_logs.cloudtrail_logs WHERE ${CT_KEYS} UNION SELECT content FROM read_text('${lake}/cloudtrail')`,
    ];
    const statuses = [];
    for (const sql of statements) statuses.push((await json(sql, lake)).status);
    expect(statuses).toEqual(['ok', 'refused', 'refused', 'refused', 'refused', 'refused']);
    expect(snapshotTree(lake)).toEqual(before);
  });
});
