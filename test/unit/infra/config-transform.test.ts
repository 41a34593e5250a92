import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { configTable } from '../../../pipeline-infra/catalog/tables/config.js';
import { flattenConfigEvent } from '../../../pipeline-infra/infra/config-transform/flatten-config-event.js';
import { handler } from '../../../pipeline-infra/infra/config-transform/handler.js';
import { pipelineSettingsSchema } from '../../../pipeline-infra/infra/pipeline-settings.js';
import { synthesizePipeline } from '../../../pipeline-infra/infra/synth.js';
import { isoUtc } from '../../../pipeline-infra/lake/aws-time.js';
import { toConfigItem } from '../../../pipeline-infra/lake/importers/config.js';
import { importFiles } from '../../../pipeline-infra/lake/importers/index.js';
import { LakeWriter } from '../../../pipeline-infra/lake/lake-writer.js';
import { openDuckDbEngine } from '../../../pipeline-infra/query/engines/duckdb-engine.js';
import { renderFirehosePrefix } from '../../support/cloudformation-templates.js';
import { REAL_DATA, withTempDir } from '../../support/lake-files.js';

type Item = Record<string, unknown>;

/** The 78 parsable real configuration items, with the key names Config uses in S3 and in EventBridge events. */
const ITEMS_FILE = join(REAL_DATA, 'config/derived_delivery_format/rdk_example_ci.ndjson');
const ARRIVAL = new Date('2024-03-05T10:11:12Z');

/** An item as EventBridge delivers Config's change notification (the envelope of the AWS Config guide's example). */
function configChangeEvent(item: Item, index: number): Item {
  const notified = isoUtc(item.configurationItemCaptureTime)!;
  return {
    version: '0',
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    'detail-type': 'Config Configuration Item Change',
    source: 'aws.config',
    account: item.awsAccountId,
    time: notified.replace(/\.\d+Z$/, 'Z'),
    region: /^[a-z]{2}-[a-z]+-\d$/.test(String(item.awsRegion)) ? item.awsRegion : 'us-east-1',
    resources: item.ARN ? [item.ARN] : [],
    detail: {
      recordVersion: '1.3',
      messageType: 'ConfigurationItemChangeNotification',
      configurationItemDiff: { changedProperties: {}, changeType: item.configurationItemStatus === 'ResourceDiscovered' ? 'CREATE' : 'UPDATE' },
      notificationCreationTime: notified,
      configurationItem: item,
    },
  };
}

/** AWS's documented oversized notification, as the detail of the EventBridge event. */
const oversizedEvent = (s3DeliverySummary: Item): Item => ({
  version: '0',
  id: '11111111-2222-3333-4444-555555555555',
  'detail-type': 'Config Configuration Item Change',
  source: 'aws.config',
  account: '123456789012',
  time: '2016-10-06T16:46:16Z',
  region: 'us-west-2',
  resources: ['arn:aws:ec2:us-west-2:123456789012:instance/resourceId_14b76876-7969-4097-ab8e-a31942b02e80'],
  detail: {
    configurationItemSummary: {
      changeType: 'UPDATE',
      configurationItemVersion: '1.2',
      configurationItemCaptureTime: '2016-10-06T16:46:16.261Z',
      configurationStateId: 0,
      awsAccountId: '123456789012',
      configurationItemStatus: 'OK',
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'resourceId_14b76876-7969-4097-ab8e-a31942b02e80',
      resourceName: null,
      ARN: 'arn:aws:ec2:us-west-2:123456789012:instance/resourceId_14b76876-7969-4097-ab8e-a31942b02e80',
      awsRegion: 'us-west-2',
      availabilityZone: null,
      configurationStateMd5Hash: '8f1ee69b287895a0f8bc5753eca68e96',
      resourceCreationTime: '2016-10-06T16:46:10.489Z',
    },
    s3DeliverySummary,
    notificationCreationTime: '2016-10-06T16:46:16.261Z',
    messageType: 'OversizedConfigurationItemChangeNotification',
    recordVersion: '1.0',
  },
});

function firehoseEvent(payloads: (Item | string)[]): FirehoseTransformationEvent {
  return {
    invocationId: randomUUID(),
    deliveryStreamArn: 'arn:aws:firehose:eu-west-1:999999999999:deliverystream/cia-test-config',
    region: 'eu-west-1',
    records: payloads.map((payload, i) => ({
      recordId: `record-${i}`,
      approximateArrivalTimestamp: ARRIVAL.getTime(),
      data: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload), 'utf8').toString('base64'),
    })),
  };
}

const decoded = (data: string | undefined) => Buffer.from(data!, 'base64').toString('utf8');

describe('the Config transform on the real configuration items', () => {
  let items: Item[];
  let events: Item[];
  let result: FirehoseTransformationResult;

  beforeAll(async () => {
    items = (await readFile(ITEMS_FILE, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Item);
    events = items.map(configChangeEvent);
    result = await handler(firehoseEvent(events));
  });

  it('files every item: Ok, one JSON line, partitioned by its account and capture day (UTC)', () => {
    expect(items).toHaveLength(78);
    expect(result.records.map((r) => r.result)).toEqual(items.map(() => 'Ok'));
    result.records.forEach((record, i) => {
      expect(record.recordId).toBe(`record-${i}`);
      expect(decoded(record.data)).toMatch(/^\{[^\n]*\}\n$/);
      const captured = isoUtc(items[i]!.configurationItemCaptureTime)!;
      expect(record.metadata!.partitionKeys).toEqual({ account_id: items[i]!.awsAccountId, year: captured.slice(0, 4), month: captured.slice(5, 7), day: captured.slice(8, 10) });
    });
  });

  it('writes exactly the flat item cia lake import stores for the same event, in Config\'s key order', () => {
    result.records.forEach((record, i) => {
      const written = JSON.parse(decoded(record.data)) as Item;
      expect(written).toEqual(toConfigItem(events[i]).rows[0]);
      expect(Object.keys(written)).toEqual(Object.keys(items[i]!));
    });
    // The one capture time AWS tooling printed as a Python repr is filed as ISO-8601 UTC.
    const repr = items.findIndex((item) => String(item.configurationItemCaptureTime).startsWith('datetime.datetime('));
    expect(JSON.parse(decoded(result.records[repr]!.data)).configurationItemCaptureTime).toBe('2020-04-22T13:13:17.718Z');
    expect(result.records[repr]!.metadata!.partitionKeys).toMatchObject({ year: '2020', month: '04', day: '22' });
  });

  it('delivered by Firehose under the template\'s prefix, queries back exactly as the same events imported', async () => {
    const lake = synthesizePipeline(pipelineSettingsSchema.parse({ stage: 'test' })).find((s) => s.name === 'cia-test-lake')!.template;
    const prefix = (lake.Resources.ConfigDeliveryStream!.Properties as { ExtendedS3DestinationConfiguration: { Prefix: string } }).ExtendedS3DestinationConfiguration.Prefix;
    const columns = ['account_id', 'year', 'month', 'day', ...configTable.columns.map((c) => c.name)].join(', ');
    const query = `SELECT ${columns} FROM cia_logs.config_logs ORDER BY resourcetype, resourceid, account_id, configurationstateid`;
    const openGroups = `SELECT resourceid FROM cia_logs.config_logs WHERE resourcetype = 'AWS::EC2::SecurityGroup' AND CAST(configuration AS VARCHAR) LIKE '%0.0.0.0/0%'`;

    await withTempDir('cia-config-transform-', async (dir) => {
      // Firehose: one gzip object per partition, the Ok records' data concatenated.
      const delivered = join(dir, 'delivered');
      const byPartition = new Map<string, string>();
      for (const record of result.records) {
        const key = renderFirehosePrefix(prefix, record.metadata!.partitionKeys, ARRIVAL);
        byPartition.set(key, (byPartition.get(key) ?? '') + decoded(record.data));
      }
      for (const [key, data] of byPartition) {
        const file = join(delivered, key, `cia-test-config-1-2024-03-05-10-11-12-${randomUUID()}.json.gz`);
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, gzipSync(data));
      }
      // cia lake import config, of the same EventBridge events.
      const imported = join(dir, 'imported');
      const eventsFile = join(dir, 'events.ndjson');
      await writeFile(eventsFile, events.map((e) => JSON.stringify(e)).join('\n'));
      const writer = new LakeWriter(imported);
      const report = await importFiles('config_logs', [eventsFile], writer).finally(() => writer.close());
      expect(report.rowsImported).toBe(78);

      const read = async (lakeDir: string) => {
        const engine = await openDuckDbEngine({ lakeDir });
        try {
          return { rows: (await engine.run(query)).rows, openGroups: (await engine.run(openGroups)).rows };
        } finally {
          await engine.close();
        }
      };
      const [fromFirehose, fromImport] = [await read(delivered), await read(imported)];
      expect(fromFirehose.rows).toHaveLength(78);
      expect(fromFirehose.rows).toEqual(fromImport.rows);
      expect(fromFirehose.openGroups).toEqual([{ resourceid: 'sg-1d56fc66' }]);
    });
  });
});

describe('events the Config transform does not file', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('drops an oversized-item notification, saying where Config put the full item', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const location = 'my-bucket/AWSLogs/123456789012/Config/us-west-2/2016/10/6/OversizedChangeNotification/AWS::EC2::Instance/x.json.gz';
    const event = firehoseEvent([oversizedEvent({ s3BucketLocation: location, errorCode: null, errorMessage: null })]);
    const { records } = await handler(event);
    expect(records).toEqual([{ recordId: 'record-0', result: 'Dropped', data: event.records[0]!.data }]);
    expect(warn).toHaveBeenCalledWith(
      `config-transform: Dropped record record-0: oversized configuration item (AWS::EC2::Instance resourceId_14b76876-7969-4097-ab8e-a31942b02e80 in 123456789012): the event carries only a summary; the full item is in the Config delivery bucket at s3://${location}`,
    );
  });

  it('says so when Config could not deliver the oversized item to S3 either', () => {
    const outcome = flattenConfigEvent(oversizedEvent({ s3BucketLocation: null, errorCode: 'NoSuchBucket', errorMessage: 'Failed to deliver notification to bucket: bucket-example' }));
    expect(outcome).toEqual({ outcome: 'oversized', reason: expect.stringContaining('Config could not deliver the full item to S3 (NoSuchBucket: Failed to deliver notification to bucket: bucket-example)') });
  });

  it('fails what it cannot file, so Firehose keeps it under the error prefix, and still files the rest of the batch', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const item = { configurationItemVersion: '1.3', awsAccountId: '111111111111', configurationItemCaptureTime: '2024-03-05T23:59:59.999Z', resourceType: 'AWS::S3::Bucket', resourceId: 'b' };
    const change = configChangeEvent(item, 1);
    const { records } = await handler(firehoseEvent(['{"version": "0", "detail"', change]));
    expect(records.map((r) => r.result)).toEqual(['ProcessingFailed', 'Ok']);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^config-transform: ProcessingFailed record record-0: not JSON/));
    expect(records[1]!.metadata!.partitionKeys).toEqual({ account_id: '111111111111', year: '2024', month: '03', day: '05' });
  });

  it.each([
    ['a compliance change', (e: Item) => ({ ...e, 'detail-type': 'Config Rules Compliance Change' }), 'not an aws.config "Config Configuration Item Change" event (detail-type: Invalid input: expected "Config Configuration Item Change")'],
    ['another service\'s event', (e: Item) => ({ ...e, source: 'aws.ec2' }), 'not an aws.config "Config Configuration Item Change" event (source: Invalid input: expected "aws.config")'],
    ['an unknown message type', (e: Item) => ({ ...e, detail: { ...(e.detail as Item), messageType: 'ConfigurationSnapshotDeliveryCompleted' } }), 'unexpected messageType "ConfigurationSnapshotDeliveryCompleted"'],
    ['an item without its account', (e: Item) => withItem(e, { awsAccountId: undefined }), 'detail.configurationItem: awsAccountId: Invalid input: expected string, received undefined'],
    ['an unreadable capture time', (e: Item) => withItem(e, { configurationItemCaptureTime: 'yesterday' }), 'configurationItemCaptureTime is not a time: "yesterday"'],
    ['an account id that is no S3 key segment', (e: Item) => withItem(e, { awsAccountId: '../111111111111' }), 'partition value "../111111111111" for account_id is not path-safe'],
  ])('rejects %s', (_, change, reason) => {
    const event = configChangeEvent({ awsAccountId: '111111111111', configurationItemCaptureTime: '2024-03-05T10:00:00Z', resourceType: 'AWS::S3::Bucket', resourceId: 'b' }, 2);
    expect(flattenConfigEvent(change(event))).toEqual({ outcome: 'rejected', reason });
  });
});

function withItem(event: Item, changes: Item): Item {
  const detail = event.detail as Item;
  return { ...event, detail: { ...detail, configurationItem: { ...(detail.configurationItem as Item), ...changes } } };
}
