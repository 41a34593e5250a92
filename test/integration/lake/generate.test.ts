import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableByName } from '../../../pipeline-infra/catalog/index.js';
import { loadOrgConfig } from '../../../pipeline-infra/config/org-config.js';
import type { IncidentRecord } from '../../../pipeline-infra/lake/generator/incidents/index.js';
import { openDuckDbEngine } from '../../../pipeline-infra/query/engines/duckdb-engine.js';
import { runCli } from '../../support/run-cli.js';
import { duckdbRows, filesUnder, readLakeJson } from '../../support/lake-files.js';

/** Runs `cia …` as the CLI would; returns the exit code and what it printed. */
async function cia(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runCli(args);
  return { code, out: stdout.trimEnd(), err: stderr };
}

const NOW = '2024-05-15T12:34:56Z';
const ARGS = ['--days', '3', '--now', NOW, '--seed', '5', '--events', '6000', '--json'];
const catalogColumns = (table: string) => tableByName(table)!.columns.map((c) => c.name);

describe('cia lake generate', () => {
  let root: string;
  let lake: string;
  let report: { tables: Record<string, { rows: number; files: number }>; incidents: IncidentRecord[]; from: string; to: string };
  let files: string[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cia-generate-'));
    lake = join(root, 'lake');
    const { code, out, err } = await cia(['lake', 'generate', '--lake', lake, ...ARGS]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    report = JSON.parse(out);
    files = await filesUnder(lake);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports rows for all six tables over the window, and writes the configuration and the incidents', async () => {
    expect(report).toMatchObject({ from: '2024-05-12T12:34:56Z', to: NOW });
    for (const table of ['cloudtrail_logs', 'cloudwatch_logs', 'config_logs', 'guardduty_findings', 'flowlogs', 'cur_data']) expect(report.tables[table]!.rows).toBeGreaterThan(0);
    expect(report.tables.cloudtrail_logs!.rows).toBeGreaterThan(5_900);
    const config = loadOrgConfig(join(lake, 'cia.config.yaml'));
    expect(config.accounts.map((a) => `${a.alias}=${a.id}`)).toEqual(['main=111111111111', 'dev=222222222222', 'prod=333333333333']);
    expect(config.channels.general!.accounts).toEqual(['main', 'dev']);
    const incidents = JSON.parse(await readFile(join(lake, 'incidents.json'), 'utf8'));
    expect(incidents).toMatchObject({ seed: 5, days: 3, to: NOW });
    expect(incidents.incidents).toEqual(report.incidents);
    expect(new Set(report.incidents.map((i) => i.kind))).toEqual(new Set(['stolen_access_key', 'instance_terminated', 'security_group_opened', 'lambda_error_storm', 'cost_spike', 'port_scan', 'failed_console_login', 'bucket_made_public']));
  });

  it('writes CloudTrail as gzip {"Records":[…]} files in the trail\'s own layout, each record in its partition', async () => {
    const trail = files.filter((f) => f.startsWith('cloudtrail/'));
    expect(trail.length).toBe(report.tables.cloudtrail_logs!.files);
    let records = 0;
    for (const file of trail) {
      const match = /^cloudtrail\/AWSLogs\/(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/\1_CloudTrail_\2_\d{8}T\d{4}Z_[A-Za-z0-9]+\.json\.gz$/.exec(file);
      expect(match).not.toBeNull();
      const [, account, region, year, month, day] = match!;
      const rows = await readLakeJson(join(lake, file));
      records += rows.length;
      const misplaced = rows.filter((r) => r.recipientAccountId !== account || r.awsRegion !== region || !String(r.eventTime).startsWith(`${year}-${month}-${day}T`));
      expect(misplaced).toEqual([]);
    }
    expect(records).toBe(report.tables.cloudtrail_logs!.rows);
    const text = (await readFile(join(lake, trail[0]!))).subarray(0, 2);
    expect([...text]).toEqual([0x1f, 0x8b]);
  });

  it('writes flow logs and the CUR as Parquet with the catalog\'s columns, readable by DuckDB', async () => {
    for (const [table, folder] of [['flowlogs', 'flowlogs'], ['cur_data', 'cur']] as const) {
      const parquet = files.filter((f) => f.startsWith(`${folder}/`));
      expect(parquet.length).toBeGreaterThan(0);
      expect(parquet.every((f) => f.endsWith('.parquet'))).toBe(true);
      const glob = join(lake, folder, '**', '*.parquet');
      const columns = await duckdbRows(`DESCRIBE SELECT * FROM read_parquet('${glob}', hive_partitioning = false)`);
      expect(columns.map((c) => c.column_name)).toEqual(catalogColumns(table));
      const [count] = await duckdbRows(`SELECT count(*)::INTEGER AS n FROM read_parquet('${glob}', hive_partitioning = false)`);
      expect(count!.n).toBe(report.tables[table]!.rows);
    }
    expect(files.filter((f) => f.startsWith('flowlogs/')).every((f) => /^flowlogs\/AWSLogs\/aws-account-id=\d{12}\/aws-service=vpcflowlogs\/aws-region=[a-z0-9-]+\/year=\d{4}\/month=\d{2}\/day=\d{2}\//.test(f))).toBe(true);
    expect(files.filter((f) => f.startsWith('cur/')).every((f) => f.startsWith('cur/cia-cur/data/BILLING_PERIOD=2024-05/'))).toBe(true);
    const misfiled = await duckdbRows(
      `SELECT count(*)::INTEGER AS n FROM read_parquet('${join(lake, 'flowlogs', '**', '*.parquet')}', hive_partitioning = true)
       WHERE account_id <> "aws-account-id" OR region <> "aws-region" OR strftime(to_timestamp("start"), '%Y-%m-%d') <> concat(year, '-', month, '-', day)`,
    );
    expect(misfiled[0]!.n).toBe(0);
  });

  it('writes CloudWatch envelopes, Config items and GuardDuty events one JSON object per line, gzip, under their partitions', async () => {
    const layouts: [string, RegExp, (row: Record<string, unknown>) => boolean][] = [
      ['cloudwatch/', /^cloudwatch\/log_group=[A-Za-z0-9._-]+\/account_id=\d{12}\/year=2024\/month=05\/[^/]+\.json\.gz$/, (r) => r.messageType === 'DATA_MESSAGE' && Array.isArray(r.logEvents)],
      ['config/', /^config\/account_id=\d{12}\/year=2024\/month=05\/day=\d{2}\/[^/]+\.json\.gz$/, (r) => typeof r.configurationItemCaptureTime === 'string' && typeof r.resourceType === 'string'],
      ['guardduty/', /^guardduty\/account_id=\d{12}\/year=2024\/month=05\/day=\d{2}\/[^/]+\.json\.gz$/, (r) => r['detail-type'] === 'GuardDuty Finding' && typeof r.detail === 'object'],
    ];
    for (const [prefix, layout, isRow] of layouts) {
      const tableFiles = files.filter((f) => f.startsWith(prefix));
      expect(tableFiles.length).toBeGreaterThan(0);
      expect(tableFiles.filter((f) => !layout.test(f))).toEqual([]);
      const rows = (await Promise.all(tableFiles.map((f) => readLakeJson(join(lake, f))))).flat();
      expect(rows.filter((r) => !isRow(r))).toEqual([]);
    }
  });

  it('holds the planted incidents where a query through the DuckDB engine finds them', async () => {
    const engine = await openDuckDbEngine({ lakeDir: lake });
    try {
      const terminated = report.incidents.find((i) => i.kind === 'instance_terminated')!;
      const who = await engine.run(
        `SELECT eventname, useridentity.arn AS arn FROM cia_logs.cloudtrail_logs WHERE account_id = '333333333333' AND year = '2024' AND month = '05' AND eventname IN ('StopInstances', 'TerminateInstances') ORDER BY eventtime`,
      );
      expect(who.rows).toEqual([
        { eventname: 'StopInstances', arn: terminated.identifiers.principal_arn },
        { eventname: 'TerminateInstances', arn: terminated.identifiers.principal_arn },
      ]);
      const scan = report.incidents.find((i) => i.kind === 'port_scan')!;
      const probes = await engine.run(`SELECT count(*) AS n FROM cia_logs.flowlogs WHERE aws_account_id = '333333333333' AND srcaddr = '${scan.identifiers.source_ip}' AND action = 'REJECT'`);
      expect(Number(probes.rows[0]!.n)).toBe(scan.identifiers.rejected_flows);
      const storm = report.incidents.find((i) => i.kind === 'lambda_error_storm')!;
      const errors = await engine.run(
        `SELECT count(*) AS n FROM cia_logs.cloudwatch_logs, unnest(logevents) AS t(log_event) WHERE account_id = '333333333333' AND loggroup = '${storm.identifiers.log_group}' AND log_event.message LIKE '%ERROR%Invoke Error%'`,
      );
      expect(Number(errors.rows[0]!.n)).toBeGreaterThan(10);
    } finally {
      await engine.close();
    }
  });

  it('refuses to write into a lake that holds tables, and with --force replaces them with the same lake for the same seed', async () => {
    const refused = await cia(['lake', 'generate', '--lake', lake, ...ARGS]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/already holds a lake \(.*cloudtrail\/.*\).*--force/);
    const replaced = await cia(['lake', 'generate', '--lake', lake, ...ARGS, '--force']);
    expect(replaced.code).toBe(0);
    const again = JSON.parse(replaced.out);
    expect(Object.fromEntries(Object.entries(again.tables as Record<string, { rows: number }>).map(([t, s]) => [t, s.rows]))).toEqual(Object.fromEntries(Object.entries(report.tables).map(([t, s]) => [t, s.rows])));
    expect(again.incidents).toEqual(report.incidents);
  });

  it('answers bad options with a usage error', async () => {
    const tooShort = await cia(['lake', 'generate', '--lake', join(root, 'other'), '--days', '2']);
    expect(tooShort.code).toBe(1);
    expect(tooShort.err).toContain('--days takes 3 to 366');
    const badTime = await cia(['lake', 'generate', '--lake', join(root, 'other'), '--now', 'yesterday-ish']);
    expect(badTime.code).toBe(1);
    expect(badTime.err).toContain('--now takes an ISO-8601 time');
    const noLake = await cia(['lake', 'generate']);
    expect(noLake.code).toBe(1);
    expect(noLake.err).toContain("required option '--lake <dir>'");
  });
});
