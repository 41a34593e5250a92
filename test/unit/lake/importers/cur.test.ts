import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { curColumnName, parseCurCsv, toCurRow } from '../../../../pipeline-infra/lake/importers/cur.js';
import { importFiles } from '../../../../pipeline-infra/lake/importers/index.js';
import { LakeWriter } from '../../../../pipeline-infra/lake/lake-writer.js';
import { duckdbRows, filesUnder, withTempDir } from '../../../support/lake-files.js';

// No real CUR sample exists (data README); these follow the legacy CUR CSV and CUR 2.0 column sets.
const LEGACY_CSV = [
  'identity/LineItemId,identity/TimeInterval,bill/PayerAccountId,lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,lineItem/ProductCode,lineItem/UsageType,lineItem/UnblendedCost,lineItem/LineItemDescription,product/regionCode,product/instanceType,pricing/unit,lineItem/BlendedCost,resourceTags/user:Team',
  'li-1,2018-10-01T00:00:00Z/2018-10-01T01:00:00Z,111111111111,222222222222,Usage,2018-10-01T00:00:00Z,2018-10-01T01:00:00Z,AmazonEC2,BoxUsage:t2.micro,0.0116,"$0.0116 per On Demand Linux t2.micro Instance Hour, billed ""hourly""",us-east-1,t2.micro,Hrs,0.0116,payments',
  'li-2,2018-10-31T23:00:00Z/2018-11-01T00:00:00Z,111111111111,222222222222,Tax,2018-10-31T23:00:00Z,2018-11-01T00:00:00Z,AWSDataTransfer,DataTransfer-Out-Bytes,0.5,Tax,,,,0.5,',
  'li-3,broken row',
  'li-4,2018-11-01T00:00:00Z/2018-11-01T01:00:00Z,111111111111,222222222222,Usage,2018-11-01T00:00:00Z,2018-11-01T01:00:00Z,AmazonS3,Requests-Tier1,not-a-number,PUT requests,us-east-1,,Requests,0,',
  'li-5,,111111111111,222222222222,Usage,,,AmazonS3,Requests-Tier1,0.01,no usage date,us-east-1,,Requests,0,',
].join('\n');

const CUR2_CSV = [
  'identity_line_item_id,bill_billing_period_start_date,line_item_usage_account_id,line_item_usage_start_date,line_item_product_code,line_item_unblended_cost,line_item_net_unblended_cost,product_region_code,resource_tags',
  'a,2024-03-01T00:00:00.000Z,333333333333,2024-03-15T10:00:00.000Z,AmazonRDS,1.25,1.1,eu-central-1,"{""user_team"":""data""}"',
].join('\n');

async function importInto(lake: string, paths: string[]) {
  const writer = new LakeWriter(lake);
  return importFiles('cur_data', paths, writer).finally(() => writer.close());
}

describe('CUR column names', () => {
  it('maps legacy CUR headers to CUR 2.0 names and leaves CUR 2.0 names alone', () => {
    expect(curColumnName('lineItem/UnblendedCost')).toBe('line_item_unblended_cost');
    expect(curColumnName('identity/LineItemId')).toBe('identity_line_item_id');
    expect(curColumnName('bill/BillingPeriodStartDate')).toBe('bill_billing_period_start_date');
    expect(curColumnName('lineItem/UsageAccountId')).toBe('line_item_usage_account_id');
    expect(curColumnName('product/productFamily')).toBe('product_product_family');
    expect(curColumnName('product/servicecode')).toBe('product_servicecode');
    expect(curColumnName('line_item_usage_start_date')).toBe('line_item_usage_start_date');
  });

  it('gathers tags from every spelling into resource_tags and drops columns the catalog does not keep', () => {
    expect(toCurRow({ 'lineItem/UnblendedCost': '1', 'resourceTags/user:Team': 'a', 'lineItem/BlendedCost': '1' })).toEqual({ line_item_unblended_cost: '1', resource_tags: { 'user:Team': 'a' } });
    expect(toCurRow({ resource_tags_user_team: 'b', resource_tags_user_env: '' })).toEqual({ resource_tags: { user_team: 'b' } });
    expect(toCurRow({ resource_tags: '{"user_team":"c"}' })).toEqual({ resource_tags: { user_team: 'c' } });
    expect(toCurRow({ resource_tags: [{ key: 'user_team', value: 'd' }] })).toEqual({ resource_tags: { user_team: 'd' } });
  });

  it('skips CSV records of the wrong width', () => {
    expect(parseCurCsv(LEGACY_CSV).skipped).toEqual([{ line: 4, reason: '2 fields where the header has 16' }]);
  });
});

describe('importing CUR files', () => {
  it('legacy CUR CSV (gzip): rows typed as the catalog says, filed by the month of their usage; bad rows counted', async () => {
    await withTempDir('cia-cur-input-', async (input) => {
      const path = join(input, 'cia-cur-00001.csv.gz');
      await writeFile(path, gzipSync(LEGACY_CSV));
      await withTempDir('cia-cur-', async (lake) => {
        const report = await importInto(lake, [path]);
        expect(report).toMatchObject({ files: 1, rowsImported: 2, rowsSkipped: 3, filesFailed: 0 });
        expect(report.problems.map((p) => [p.line, p.reason])).toEqual([
          [4, '2 fields where the header has 16'],
          [5, 'line_item_unblended_cost: "not-a-number" is not a valid double'],
          [6, 'no usable line_item_usage_start_date'],
        ]);
        expect((await filesUnder(lake)).map((f) => f.slice(0, f.lastIndexOf('/')))).toEqual(['cur/cia-cur/data/BILLING_PERIOD=2018-10']);
        const rows = await duckdbRows(
          `SELECT identity_line_item_id AS id, line_item_usage_start_date::VARCHAR AS start, line_item_unblended_cost AS cost, line_item_line_item_description AS description, resource_tags
           FROM read_parquet('${lake}/cur/**/*.parquet') ORDER BY id`,
        );
        expect(rows).toEqual([
          { id: 'li-1', start: '2018-10-01 00:00:00', cost: 0.0116, description: '$0.0116 per On Demand Linux t2.micro Instance Hour, billed "hourly"', resource_tags: '{"user:Team":"payments"}' },
          { id: 'li-2', start: '2018-10-31 23:00:00', cost: 0.5, description: 'Tax', resource_tags: null },
        ]);
      });
    });
  });

  it('CUR 2.0 CSV and Parquet (maps and timestamps as Data Exports writes them)', async () => {
    await withTempDir('cia-cur-input-', async (input) => {
      const csv = join(input, 'export.csv');
      const parquet = join(input, 'export-00001.snappy.parquet');
      await writeFile(csv, CUR2_CSV);
      await duckdbRows(
        `COPY (SELECT 'b' AS identity_line_item_id, TIMESTAMP '2024-04-01 00:00:00' AS bill_billing_period_start_date, '333333333333' AS line_item_usage_account_id,
                      TIMESTAMP '2024-04-02 05:00:00' AS line_item_usage_start_date, 'AmazonEC2' AS line_item_product_code, 3.5::DOUBLE AS line_item_unblended_cost,
                      MAP {'user_team': 'web'} AS resource_tags, MAP {'region': 'eu-central-1'} AS product)
         TO '${parquet}' (FORMAT parquet)`,
      );
      await withTempDir('cia-cur-', async (lake) => {
        expect(await importInto(lake, [csv, parquet])).toMatchObject({ files: 2, rowsImported: 2, rowsSkipped: 0, filesFailed: 0 });
        const rows = await duckdbRows(
          `SELECT identity_line_item_id AS id, bill_billing_period_start_date::VARCHAR AS period, line_item_unblended_cost AS cost, resource_tags FROM read_parquet('${lake}/cur/**/*.parquet') ORDER BY id`,
        );
        expect(rows).toEqual([
          { id: 'a', period: '2024-03-01 00:00:00', cost: 1.25, resource_tags: '{"user_team":"data"}' },
          { id: 'b', period: '2024-04-01 00:00:00', cost: 3.5, resource_tags: '{"user_team":"web"}' },
        ]);
      });
    });
  });
});
