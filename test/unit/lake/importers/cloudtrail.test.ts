import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { toCloudTrailRecord } from '../../../../pipeline-infra/lake/importers/cloudtrail.js';
import { importFiles } from '../../../../pipeline-infra/lake/importers/index.js';
import { LakeWriter } from '../../../../pipeline-infra/lake/lake-writer.js';
import { filesUnder, readLakeJson, realFiles, REAL_DATA, withTempDir } from '../../../support/lake-files.js';

async function importInto(lake: string, paths: string[], flushEveryRows?: number) {
  const writer = new LakeWriter(lake);
  try {
    return await importFiles('cloudtrail_logs', paths, writer, { flushEveryRows });
  } finally {
    await writer.close();
  }
}

/** The partition folders (account/region/y/m/d) that hold files. */
async function partitions(lake: string): Promise<string[]> {
  return [...new Set((await filesUnder(lake)).map((f) => f.split('/').slice(2, 8).filter((_, i) => i !== 1).join('/')))];
}

async function allRecords(lake: string): Promise<Record<string, unknown>[]> {
  const records = [];
  for (const file of await filesUnder(lake)) records.push(...(await readLakeJson(join(lake, file))));
  return records;
}

describe('toCloudTrailRecord', () => {
  it('writes every time format seen in exports as CloudTrail\'s YYYY-MM-DDTHH:MM:SSZ', () => {
    for (const eventTime of ['2019-01-01T00:00:00Z', '2019-01-01 00:00:00', '2019-01-01 00:00:00.000000000', '2019-01-01 00:00:00.000']) {
      expect(toCloudTrailRecord({ eventName: 'X', eventTime }).rows).toEqual([{ eventName: 'X', eventTime: '2019-01-01T00:00:00Z' }]);
    }
  });

  it('spells case-variant keys as CloudTrail does, inside structs and arrays too, and keeps every value', () => {
    const { rows } = toCloudTrailRecord({
      eventName: 'AssumeRole',
      eventTime: '2024-01-01T00:00:00Z',
      requestId: 'r-1',
      awsRegion: 'redacted',
      userIdentity: {
        principalid: 'AROA:x',
        accountid: '123456789012',
        accesKeyId: 'ASIA-misspelt',
        sessioncontext: { sessionissuer: { username: 'role', accountid: '123456789012' }, attributes: { mfaauthenticated: 'false' } },
      },
      resources: [{ arn: 'arn:aws:iam::123456789012:role/x', accountid: '123456789012' }],
      requestParameters: { roleArn: 'arn', durationseconds: 900 },
    });
    expect(rows).toEqual([{
      eventName: 'AssumeRole',
      eventTime: '2024-01-01T00:00:00Z',
      requestID: 'r-1',
      awsRegion: 'redacted',
      userIdentity: {
        principalId: 'AROA:x',
        accountId: '123456789012',
        accesKeyId: 'ASIA-misspelt',
        sessionContext: { sessionIssuer: { userName: 'role', accountId: '123456789012' }, attributes: { mfaAuthenticated: 'false' } },
      },
      resources: [{ ARN: 'arn:aws:iam::123456789012:role/x', accountId: '123456789012' }],
      requestParameters: { roleArn: 'arn', durationseconds: 900 },
    }]);
  });

  it('prefers the canonical spelling when a record has both', () => {
    expect(toCloudTrailRecord({ eventTime: '2024-01-01T00:00:00Z', userIdentity: { accountid: 'variant', accountId: 'canonical' } }).rows[0])
      .toEqual({ eventTime: '2024-01-01T00:00:00Z', userIdentity: { accountId: 'canonical' } });
  });

  it('skips records without a readable eventTime, and marks what is not a CloudTrail record at all', () => {
    expect(toCloudTrailRecord({ eventName: 'X', eventTime: 'redacted' })).toEqual({ rows: [], skipped: ['eventTime missing or unreadable: "redacted"'] });
    expect(toCloudTrailRecord({ sha1: 'abc', expected_result: true })).toMatchObject({ rows: [], foreign: true });
    expect(toCloudTrailRecord(42)).toMatchObject({ rows: [], foreign: true });
  });
});

describe('importing the real CloudTrail samples', () => {
  it('invictus: 2,900 records in 55 delivery files, filed by the records\' account, not the file names\'', async () => {
    await withTempDir('cia-ct-', async (lake) => {
      const report = await importInto(lake, await realFiles('cloudtrail/invictus'));
      expect(report).toMatchObject({ files: 55, rowsImported: 2900, rowsSkipped: 0, filesFailed: 0, problems: [] });
      expect(await partitions(lake)).toEqual(['123837392027/us-east-1/2023/07/10']);
      expect(await filesUnder(lake).then((files) => files.some((f) => f.includes('218007301253')))).toBe(false);
    });
  });

  it('writes as it goes when asked to flush every N rows, losing nothing', async () => {
    await withTempDir('cia-ct-', async (lake) => {
      const report = await importInto(lake, await realFiles('cloudtrail/invictus'), 1000);
      expect(report).toMatchObject({ rowsImported: 2900, written: { files: 3, partitions: 3 } });
      expect(await allRecords(lake)).toHaveLength(2900);
    });
  });

  it('flaws2: 37 records in 8 files', async () => {
    await withTempDir('cia-ct-', async (lake) => {
      expect(await importInto(lake, await realFiles('cloudtrail/flaws2'))).toMatchObject({ files: 8, rowsImported: 37, rowsSkipped: 0, filesFailed: 0 });
      expect(await partitions(lake)).toEqual(['653711331788/us-east-1/2018/11/28']);
    });
  });

  it('stratus: 310 records from 35 JSON-array files, invented region names kept', async () => {
    await withTempDir('cia-ct-', async (lake) => {
      expect(await importInto(lake, await realFiles('cloudtrail/stratus'))).toMatchObject({ files: 35, rowsImported: 310, rowsSkipped: 0, filesFailed: 0 });
      const found = await partitions(lake);
      expect(new Set(found.map((p) => p.split('/')[0])).size).toBe(35);
      expect(found.some((p) => p.includes('/sagov-westsouth-1r/'))).toBe(true);
    });
  });

  it('panther: of 415 NDJSON records, 408 imported; the redacted eventTime and the 6 records with no account are counted', async () => {
    await withTempDir('cia-ct-', async (lake) => {
      const report = await importInto(lake, [join(REAL_DATA, 'cloudtrail/panther/cloudtrail_test_events.ndjson')]);
      expect(report).toMatchObject({ files: 1, rowsImported: 408, rowsSkipped: 7, filesFailed: 0 });
      expect(report.problems.find((p) => p.line === 298)?.reason).toBe('eventTime missing or unreadable: "redacted"');
      expect(report.problems.filter((p) => p.reason.startsWith('no account id'))).toHaveLength(6);

      const records = await allRecords(lake);
      expect(records).toHaveLength(408);
      expect(records.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(r.eventTime as string))).toBe(true);
      const identityKeys = new Set(records.flatMap((r) => Object.keys((r.userIdentity ?? {}) as object)));
      expect([...identityKeys].filter((k) => ['principalid', 'accountid', 'accesskeyid', 'username', 'sessioncontext'].includes(k))).toEqual([]);
      // The one record with `redacted` values has a redacted eventTime too; the invented region is kept.
      expect(records.filter((r) => r.awsRegion === 'ca-south-3r')).toHaveLength(1);
    });
  });

  it('panther as a folder: the labels sidecar is one failed file, not 415 skipped records', async () => {
    await withTempDir('cia-ct-', async (lake) => {
      const report = await importInto(lake, [join(REAL_DATA, 'cloudtrail/panther')]);
      expect(report).toMatchObject({ files: 2, rowsImported: 408, rowsSkipped: 7, filesFailed: 1 });
      expect(report.problems[0]).toEqual({ file: join(REAL_DATA, 'cloudtrail/panther/cloudtrail_test_events.meta.ndjson'), reason: 'none of its 415 records belongs here (not a CloudTrail record)' });
    });
  });
});

describe('importing broken CloudTrail input', () => {
  it('counts a truncated gzip, a bad NDJSON line, a file that is not JSON and an empty file, and imports the rest', async () => {
    await withTempDir('cia-ct-input-', async (input) => {
      const [delivery] = await realFiles('cloudtrail/flaws2');
      const records = (JSON.parse(await readFile(delivery!, 'utf8')) as { Records: object[] }).Records;
      const ndjson = records.map((r) => JSON.stringify(r));
      const files = {
        gzipped: join(input, 'delivery.json.gz'),
        truncated: join(input, 'truncated.json.gz'),
        badLine: join(input, 'bad-line.ndjson'),
        notJson: join(input, 'notes.txt'),
        empty: join(input, 'empty.json'),
      };
      await writeFile(files.gzipped, gzipSync(JSON.stringify({ Records: records })));
      const many = Array.from({ length: 40 }, () => ndjson).flat().join('\n');
      const gz = gzipSync(many);
      await writeFile(files.truncated, gz.subarray(0, Math.floor(gz.length * 0.6)));
      await writeFile(files.badLine, [ndjson[0], '{"eventVersion":"1.05","eventTime":', ndjson[1]].join('\n'));
      await writeFile(files.notJson, 'this is not a log file\nat all\n');
      await writeFile(files.empty, '');

      await withTempDir('cia-ct-', async (lake) => {
        const report = await importInto(lake, Object.values(files));
        expect(report.files).toBe(5);
        expect(report.filesFailed).toBe(3);
        const recovered = report.rowsImported - records.length - 2;
        expect(recovered).toBeGreaterThan(0);
        expect(recovered).toBeLessThan(40 * records.length);
        expect(report.rowsSkipped).toBe(2); // the bad line, and the line the gzip cut in half
        expect(report.problems).toEqual(expect.arrayContaining([
          { file: files.truncated, reason: expect.stringMatching(/^damaged gzip/) },
          { file: files.badLine, line: 2, reason: expect.stringMatching(/^not valid JSON/) },
          { file: files.notJson, reason: expect.stringMatching(/^not valid JSON/) },
          { file: files.empty, reason: 'empty file' },
        ]));
      });
    });
  });
});
