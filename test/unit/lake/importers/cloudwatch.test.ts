import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { toSubscriptionEnvelope } from '../../../../pipeline-infra/lake/importers/cloudwatch.js';
import { importFiles } from '../../../../pipeline-infra/lake/importers/index.js';
import { LakeWriter } from '../../../../pipeline-infra/lake/lake-writer.js';
import { filesUnder, readLakeJson, REAL_DATA, withTempDir } from '../../../support/lake-files.js';

const SAMPLE = join(REAL_DATA, 'cloudwatch/aws_docs_examples/subscription_filter_cloudtrail_root_example.json');

type Envelope = { logGroup: string; logEvents: { id: string; timestamp: number; message: string }[] } & Record<string, unknown>;

async function sampleEnvelope(): Promise<Envelope> {
  return JSON.parse(await readFile(SAMPLE, 'utf8')) as Envelope;
}

async function importAndRead(paths: string[]) {
  return withTempDir('cia-cw-', async (lake) => {
    const writer = new LakeWriter(lake);
    const report = await importFiles('cloudwatch_logs', paths, writer).finally(() => writer.close());
    const stored: { file: string; envelope: Record<string, unknown> }[] = [];
    for (const file of await filesUnder(lake)) stored.push(...(await readLakeJson(join(lake, file))).map((envelope) => ({ file, envelope })));
    return { report, stored };
  });
}

describe('toSubscriptionEnvelope', () => {
  it('keeps an envelope as delivered, and drops (counting) only the log events without a usable timestamp', async () => {
    const envelope = await sampleEnvelope();
    expect(toSubscriptionEnvelope(envelope)).toEqual({ rows: [envelope], skipped: [] });
    const damaged = { ...envelope, logEvents: [envelope.logEvents[0], { id: 'x', message: 'no time' }, envelope.logEvents[2]] };
    expect(toSubscriptionEnvelope(damaged)).toEqual({
      rows: [{ ...envelope, logEvents: [envelope.logEvents[0], envelope.logEvents[2]] }],
      skipped: ['log event 2 of CloudTrail: no usable timestamp'],
    });
  });

  it('skips control messages and empty envelopes, and marks other JSON as foreign', async () => {
    const envelope = await sampleEnvelope();
    expect(toSubscriptionEnvelope({ ...envelope, messageType: 'CONTROL_MESSAGE', logGroup: '', logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE' }] }).skipped)
      .toEqual(['control message (no log events)']);
    expect(toSubscriptionEnvelope({ ...envelope, logEvents: [] }).skipped).toEqual(['envelope has no log events']);
    expect(toSubscriptionEnvelope({ eventName: 'x' })).toMatchObject({ foreign: true });
  });
});

describe('importing CloudWatch subscription envelopes', () => {
  it('the documentation sample: one envelope of 3 events, filed by log group, owner and month, messages kept as text', async () => {
    const { report, stored } = await importAndRead([SAMPLE]);
    expect(report).toMatchObject({ files: 1, rowsImported: 1, rowsSkipped: 0, filesFailed: 0 });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.file).toMatch(/^cloudwatch\/log_group=CloudTrail\/account_id=111111111111\/year=2015\/month=05\/[^/]+\.json\.gz$/);
    expect(stored[0]!.envelope).toEqual(await sampleEnvelope());
  });

  it('Firehose output: gzip members back to back, each an envelope, concatenated without separators', async () => {
    const envelope = await sampleEnvelope();
    const lambda = { ...envelope, logGroup: '/aws/lambda/checkout', logStream: '2015/05/28/[$LATEST]0a1b', owner: '222222222222' };
    const control = { ...envelope, messageType: 'CONTROL_MESSAGE', logEvents: [{ id: '', timestamp: 1432826855000, message: 'CWL CONTROL MESSAGE' }] };
    await withTempDir('cia-cw-input-', async (input) => {
      const path = join(input, 'cia-cloudwatch-1-2015-05-28-15-27-35-abcd');
      await writeFile(path, Buffer.concat([envelope, lambda, control].map((e) => gzipSync(JSON.stringify(e)))));
      const { report, stored } = await importAndRead([path]);
      expect(report).toMatchObject({ files: 1, rowsImported: 2, rowsSkipped: 1, filesFailed: 0 });
      expect(report.problems).toEqual([{ file: path, line: 1, reason: 'control message (no log events)' }]);
      expect(stored.map((s) => s.file.split('/').slice(1, 3).join('/')).sort()).toEqual(['log_group=CloudTrail/account_id=111111111111', 'log_group=aws_lambda_checkout/account_id=222222222222']);
    });
  });

  it('an envelope whose events span two months lands in both months', async () => {
    const envelope = await sampleEnvelope();
    const spanning = { ...envelope, logEvents: [{ ...envelope.logEvents[0]!, timestamp: Date.UTC(2015, 4, 31, 23, 59) }, { ...envelope.logEvents[1]!, timestamp: Date.UTC(2015, 5, 1, 0, 1) }] };
    await withTempDir('cia-cw-input-', async (input) => {
      await writeFile(join(input, 'spanning.json'), JSON.stringify(spanning));
      const { report, stored } = await importAndRead([join(input, 'spanning.json')]);
      expect(report.rowsImported).toBe(1);
      expect(stored.map((s) => [s.file.split('/')[4], (s.envelope.logEvents as unknown[]).length])).toEqual([['month=05', 1], ['month=06', 1]]);
    });
  });
});
