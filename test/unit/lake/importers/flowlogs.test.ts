import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseFlowLogText } from '../../../../pipeline-infra/lake/importers/flowlogs.js';
import { importFiles } from '../../../../pipeline-infra/lake/importers/index.js';
import { LakeWriter } from '../../../../pipeline-infra/lake/lake-writer.js';
import { DDOS_DATA, duckdbRows, filesUnder, REAL_DATA, withTempDir } from '../../../support/lake-files.js';

const rowsOf = (text: string) => parseFlowLogText(text).rows.map((r) => r.row);

async function importInto(lake: string, paths: string[], region?: string) {
  const writer = new LakeWriter(lake, { flowlogRegion: region });
  return importFiles('flowlogs', paths, writer).finally(() => writer.close());
}

describe('parseFlowLogText', () => {
  it('reads the default v2 fields when there is no header line; `-` is null; NODATA rows are kept', () => {
    const rows = rowsOf([
      '2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK',
      '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
    ].join('\n'));
    expect(rows).toEqual([
      {
        version: '2', account_id: '123456789010', interface_id: 'eni-1235b8ca123456789', srcaddr: '2001:db8:1234:a100:8d6e:3477:df66:f105',
        dstaddr: '2001:db8:1234:a102:3304:8879:34cf:4071', srcport: '34892', dstport: '22', protocol: '6', packets: '54', bytes: '8855',
        start: '1477913708', end: '1477913820', action: 'ACCEPT', log_status: 'OK',
      },
      {
        version: '2', account_id: '123456789010', interface_id: 'eni-1235b8ca123456789', srcaddr: null, dstaddr: null, srcport: null, dstport: null,
        protocol: null, packets: null, bytes: null, start: '1431280876', end: '1431280934', action: null, log_status: 'NODATA',
      },
    ]);
  });

  it('follows a custom format\'s header line, ignoring fields the table has no column for', () => {
    const [row] = rowsOf('version vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr region flow-direction ecs-cluster-name account-id start\n5 vpc-1 subnet-1 i-1 2 IPv4 10.0.0.9 eu-central-1 ingress my-cluster 111111111111 1754321693');
    expect(row).toEqual({
      version: '5', vpc_id: 'vpc-1', subnet_id: 'subnet-1', instance_id: 'i-1', tcp_flags: '2', type: 'IPv4', pkt_srcaddr: '10.0.0.9',
      region: 'eu-central-1', flow_direction: 'ingress', account_id: '111111111111', start: '1754321693',
    });
  });

  it('reads comma-separated exports with snake_case headers and extra columns', () => {
    const [row] = rowsOf('version,account_id,start,log_status,label,detail,source_file\n2,000000000000,1541241031,OK,attack,,x.pcap\n');
    expect(row).toEqual({ version: '2', account_id: '000000000000', start: '1541241031', log_status: 'OK' });
  });

  it('skips lines of the wrong width, naming them, and refuses a header that names no flow-log field', () => {
    expect(parseFlowLogText('2 1 eni-1 - - - - - - - 1 2 - NODATA\n2 1 eni-1 extra\n').skipped).toEqual([
      { line: 2, reason: '4 fields where the default format (a custom format needs its header line) has 14' },
    ]);
    expect(parseFlowLogText('hello world\n1 2').failure).toBe('the header line names no flow-log field: hello world');
  });
});

describe('importing flow logs', () => {
  it('the 44 real records (v5 with header, v2 without), region from the import, NODATA and SKIPDATA kept', async () => {
    await withTempDir('cia-flow-', async (lake) => {
      const report = await importInto(lake, [join(REAL_DATA, 'flowlogs')], 'eu-central-1');
      expect(report).toMatchObject({ files: 3, rowsImported: 44, rowsSkipped: 0, filesFailed: 0 });
      const files = await filesUnder(lake);
      expect(files.every((f) => f.includes('/aws-region=eu-central-1/') && f.endsWith('.parquet'))).toBe(true);
      const statuses = await duckdbRows(`SELECT log_status, count(*)::INTEGER AS n FROM read_parquet('${lake}/flowlogs/**/*.parquet') GROUP BY 1 ORDER BY 1`);
      expect(statuses).toEqual([{ log_status: 'NODATA', n: 2 }, { log_status: 'OK', n: 40 }, { log_status: 'SKIPDATA', n: 2 }]);
      const [nat] = await duckdbRows(`SELECT pkt_srcaddr, pkt_dst_aws_service FROM read_parquet('${lake}/flowlogs/**/*.parquet') WHERE pkt_dst_aws_service = 'EC2'`);
      expect(nat).toEqual({ pkt_srcaddr: '10.3.6.187', pkt_dst_aws_service: 'EC2' });
    });
  });

  it('without a region, every record is refused with the reason (the formats carry none)', async () => {
    await withTempDir('cia-flow-', async (lake) => {
      const report = await importInto(lake, [join(REAL_DATA, 'flowlogs/aws_docs_examples_via_elastic_integrations/test-extra-samples.log')]);
      expect(report).toMatchObject({ rowsImported: 0, rowsSkipped: 7 });
      expect(report.problems[0]?.reason).toMatch(/^no region/);
      expect(await filesUnder(lake)).toEqual([]);
    });
  });

  it('the labeled DDoS exports (comma-separated, gzip or not): 13,466 and 34,381 rows', async () => {
    await withTempDir('cia-flow-', async (lake) => {
      await withTempDir('cia-flow-input-', async (input) => {
        const gz = join(input, 'cicddos2019_vpcflow_like.csv.gz');
        await writeFile(gz, gzipSync(await readFile(join(DDOS_DATA, 'cicddos2019_lucid_sample/cicddos2019_vpcflow_like.csv'))));
        expect(await importInto(lake, [gz], 'us-east-1')).toMatchObject({ files: 1, rowsImported: 13466, rowsSkipped: 0, filesFailed: 0 });
      });
      expect(await importInto(lake, [join(DDOS_DATA, 'stratosphere_zeek_mixed/zeek_mixed_vpcflow_like.csv')], 'us-east-1'))
        .toMatchObject({ files: 1, rowsImported: 34381, rowsSkipped: 0, filesFailed: 0 });
      const [{ n }] = (await duckdbRows(`SELECT count(*)::INTEGER AS n FROM read_parquet('${lake}/flowlogs/**/*.parquet')`)) as [{ n: number }];
      expect(n).toBe(13466 + 34381);
    });
  });

  it('Parquet deliveries (hyphen-free column names) import too', async () => {
    await withTempDir('cia-flow-input-', async (input) => {
      const source = join(input, 'vpcflowlogs.log.parquet');
      await duckdbRows(`COPY (SELECT 2 AS version, '111111111111' AS account_id, 'eni-1' AS interface_id, 1754321693::BIGINT AS start, 'OK' AS log_status, 'us-west-2' AS region) TO '${source}' (FORMAT parquet)`);
      await withTempDir('cia-flow-', async (lake) => {
        expect(await importInto(lake, [source])).toMatchObject({ files: 1, rowsImported: 1, rowsSkipped: 0, filesFailed: 0 });
        expect((await filesUnder(lake))[0]).toMatch(/aws-account-id=111111111111\/aws-service=vpcflowlogs\/aws-region=us-west-2\/year=2025\/month=08\/day=04\//);
      });
    });
  });
});
