import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tableByName } from '../../../pipeline-infra/catalog/index.js';
import { duckdbType } from '../../../pipeline-infra/catalog/sql-types.js';
import { runCli } from '../../support/run-cli.js';
import { duckdbRows, filesUnder, readLakeJson, realFiles, REAL_DATA, withTempDir } from '../../support/lake-files.js';

/** Runs `cia …` as the CLI would; returns the exit code and what it printed. */
async function cia(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(args);
  return { code, out: stdout.trimEnd(), err: stderr };
}

const INVICTUS_DAY = 'cloudtrail/AWSLogs/123837392027/CloudTrail/us-east-1/2023/07/10/';

async function invictusRecords(): Promise<Record<string, unknown>[]> {
  const records = [];
  for (const file of await realFiles('cloudtrail/invictus')) records.push(...(JSON.parse(await readFile(file, 'utf8')) as { Records: Record<string, unknown>[] }).Records);
  return records;
}

describe('cia lake import', () => {
  it('files CloudTrail delivery files in the layout of DESIGN §3.1, by the records, as gzip {"Records":[…]} that round-trips', async () => {
    await withTempDir('cia-lake-', async (root) => {
      const lake = join(root, 'new', 'lake');
      const { code, out } = await cia(['lake', 'import', 'cloudtrail', ...(await realFiles('cloudtrail/invictus')), '--lake', lake]);
      expect(code).toBe(0);
      expect(out).toContain('cloudtrail_logs: imported 2,900 rows from 55 files; skipped 0 rows; 0 files failed');

      const files = await filesUnder(lake);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(new RegExp(`^${INVICTUS_DAY}123837392027_CloudTrail_us-east-1_20230710T1237Z_[A-Za-z0-9]{16}\\.json\\.gz$`));
      const stored = await readLakeJson(join(lake, files[0]!));
      const byId = (records: Record<string, unknown>[]) => [...records].sort((a, b) => String(a.eventID).localeCompare(String(b.eventID)));
      expect(byId(stored)).toEqual(byId(await invictusRecords()));

      const [{ n }] = (await duckdbRows(
        `SELECT count(*)::INTEGER AS n FROM (SELECT unnest(Records) FROM read_json('${lake}/cloudtrail/AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz', union_by_name = true))`,
      )) as [{ n: number }];
      expect(n).toBe(2900);
    });
  });

  it('appends on a second import: a new file next to the first, which is left as it was', async () => {
    await withTempDir('cia-lake-', async (lake) => {
      const paths = [join(REAL_DATA, 'cloudtrail/flaws2')];
      await cia(['lake', 'import', 'cloudtrail_logs', ...paths, '--lake', lake]);
      const [first] = await filesUnder(lake);
      const firstBytes = await readFile(join(lake, first!));
      const { code, out } = await cia(['lake', 'import', 'cloudtrail_logs', ...paths, '--lake', lake, '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ table: 'cloudtrail_logs', files: 8, rows_imported: 37, rows_skipped: 0, files_failed: 0, files_written: 1, partitions_written: 1, problems: [] });
      const files = await filesUnder(lake);
      expect(files).toHaveLength(2);
      expect(files.every((f) => f.startsWith('cloudtrail/AWSLogs/653711331788/CloudTrail/us-east-1/2018/11/28/'))).toBe(true);
      expect(await readFile(join(lake, first!))).toEqual(firstBytes);
    });
  });

  it('writes flow logs and cost rows as Parquet with the catalog\'s column names and types', async () => {
    await withTempDir('cia-lake-', async (root) => {
      const lake = join(root, 'lake');
      const flow = await cia(['lake', 'import', 'flowlogs', join(REAL_DATA, 'flowlogs'), '--region', 'us-east-1', '--lake', lake, '--json']);
      expect(JSON.parse(flow.out)).toMatchObject({ rows_imported: 44, rows_skipped: 0 });
      const cur = join(root, 'cur.csv');
      await writeFile(cur, 'lineItem/UsageStartDate,lineItem/UnblendedCost,lineItem/ProductCode\n2018-10-01T00:00:00Z,0.0116,AmazonEC2\n');
      expect(JSON.parse((await cia(['lake', 'import', 'cur_data', cur, '--lake', lake, '--json'])).out)).toMatchObject({ rows_imported: 1 });

      for (const [table, glob] of [['flowlogs', 'flowlogs/**/*.parquet'], ['cur_data', 'cur/**/*.parquet']] as const) {
        const described = await duckdbRows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${lake}/${glob}', hive_partitioning = false))`);
        expect(described).toEqual(tableByName(table)!.columns.map((c) => ({ column_name: c.name, column_type: duckdbType(c.type) })));
      }
      expect((await filesUnder(lake)).filter((f) => f.startsWith('flowlogs/')).every((f) => f.startsWith('flowlogs/AWSLogs/aws-account-id='))).toBe(true);
    });
  });

  it('exits 0 and says what happened when the input is empty or broken', async () => {
    await withTempDir('cia-lake-', async (root) => {
      const empty = join(root, 'empty.json');
      await writeFile(empty, '');
      const { code, out } = await cia(['lake', 'import', 'guardduty', empty, join(root, 'no-such-file.json'), '--lake', join(root, 'lake'), '--json']);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ files: 2, rows_imported: 0, files_failed: 2, problems: [{ reason: 'empty file' }, { reason: expect.stringMatching(/^cannot read/) }] });
    });
  });

  it('refuses bad usage with a non-zero exit: unknown table, no paths, no --lake, a bad region', async () => {
    await withTempDir('cia-lake-', async (lake) => {
      const unknown = await cia(['lake', 'import', 'vpc', 'x.log', '--lake', lake]);
      expect(unknown.code).not.toBe(0);
      expect(unknown.err).toContain('unknown table "vpc"');
      expect((await cia(['lake', 'import', 'cloudtrail', '--lake', lake])).code).not.toBe(0);
      expect((await cia(['lake', 'import', 'cloudtrail', 'x.json'])).err).toContain('--lake');
      expect((await cia(['lake', 'import', 'flowlogs', 'x.log', '--lake', lake, '--region', '../etc'])).code).not.toBe(0);
      expect(await filesUnder(lake)).toEqual([]);
    });
  });
});
