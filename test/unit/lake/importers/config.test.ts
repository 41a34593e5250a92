import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toConfigItem } from '../../../../pipeline-infra/lake/importers/config.js';
import { importFiles } from '../../../../pipeline-infra/lake/importers/index.js';
import { LakeWriter } from '../../../../pipeline-infra/lake/lake-writer.js';
import { filesUnder, readLakeJson, REAL_DATA, withTempDir } from '../../../support/lake-files.js';

const RDK = join(REAL_DATA, 'config/aws_config_rdk_example_ci');
const DELIVERY = join(REAL_DATA, 'config/derived_delivery_format');

const apiItem = {
  version: '1.3',
  accountId: '264683526309',
  configurationItemCaptureTime: '2016-06-09T19:05:43.123Z',
  configurationItemStatus: 'OK',
  configurationItemMD5Hash: '',
  arn: 'arn:aws:ec2:us-east-1:264683526309:security-group/sg-1',
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-1',
  awsRegion: 'us-east-1',
  configuration: '{"groupId":"sg-1","ipPermissions":[{"ipRanges":["0.0.0.0/0"]}]}',
};

const deliveredItem = {
  configurationItemVersion: '1.3',
  awsAccountId: '264683526309',
  configurationItemCaptureTime: '2016-06-09T19:05:43.123Z',
  configurationItemStatus: 'OK',
  configurationStateMd5Hash: '',
  ARN: 'arn:aws:ec2:us-east-1:264683526309:security-group/sg-1',
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-1',
  awsRegion: 'us-east-1',
  configuration: { groupId: 'sg-1', ipPermissions: [{ ipRanges: ['0.0.0.0/0'] }] },
};

async function importAndRead(paths: string[]) {
  return withTempDir('cia-config-', async (lake) => {
    const writer = new LakeWriter(lake);
    const report = await importFiles('config_logs', paths, writer).finally(() => writer.close());
    const items: { file: string; item: Record<string, unknown> }[] = [];
    for (const file of await filesUnder(lake)) items.push(...(await readLakeJson(join(lake, file))).map((item) => ({ file, item })));
    return { report, items };
  });
}

/** Items compared regardless of key order. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

describe('toConfigItem', () => {
  it('gives an API-shaped item the delivery key names and its configuration as an object', () => {
    expect(toConfigItem(apiItem).rows).toEqual([deliveredItem]);
  });

  it('takes the item out of a change notification and out of an EventBridge event', () => {
    const notification = { configurationItem: apiItem, messageType: 'ConfigurationItemChangeNotification', notificationCreationTime: '2016-06-09T19:05:44Z' };
    const event = { version: '0', 'detail-type': 'Config Configuration Item Change', source: 'aws.config', detail: notification };
    expect(toConfigItem(notification).rows).toEqual([deliveredItem]);
    expect(toConfigItem(event).rows).toEqual([deliveredItem]);
  });

  it('reads a Python-repr capture time and skips an item whose capture time cannot be read', () => {
    expect(toConfigItem({ ...apiItem, configurationItemCaptureTime: 'datetime.datetime(2020, 4, 22, 13, 13, 17, 718000, tzinfo=tzlocal())' }).rows[0])
      .toMatchObject({ configurationItemCaptureTime: '2020-04-22T13:13:17.718Z' });
    expect(toConfigItem({ ...apiItem, configurationItemCaptureTime: 'yesterday' }).skipped).toEqual(['configurationItemCaptureTime missing or unreadable: "yesterday"']);
  });

  it('skips Config messages that carry no item and marks other JSON as foreign', () => {
    const oversized = { source: 'aws.config', detail: { messageType: 'OversizedConfigurationItemChangeNotification', configurationItemSummary: {} } };
    expect(toConfigItem(oversized)).toEqual({ rows: [], skipped: ['OversizedConfigurationItemChangeNotification holds no configuration item'] });
    expect(toConfigItem({ hello: 'world' })).toMatchObject({ foreign: true });
  });
});

describe('importing the real Config samples', () => {
  it('rdk examples: 78 items from 80 files; the 2 malformed files are counted and skipped', async () => {
    const { report, items } = await importAndRead([RDK]);
    expect(report).toMatchObject({ files: 80, rowsImported: 78, rowsSkipped: 0, filesFailed: 2 });
    expect(report.problems.map((p) => p.file.split('/').pop())).toEqual(['AWS_EC2_NetworkInterface.json', 'AWS_SSM_ManagedInstanceInventory_Linux.json']);
    expect(report.problems.every((p) => p.reason.startsWith('not valid JSON'))).toBe(true);
    expect(items.every(({ item }) => 'awsAccountId' in item && !('accountId' in item) && !('arn' in item))).toBe(true);
    const acm = items.find(({ item }) => item.resourceType === 'AWS::ACM::Certificate')!;
    expect(acm.item.configurationItemCaptureTime).toBe('2020-04-22T13:13:17.718Z');
    expect(acm.file.startsWith('config/account_id=1236456789012/year=2020/month=04/day=22/')).toBe(true);
  });

  it('S3 history file ({"configurationItems":[…]}) and NDJSON: 78 items each, stored exactly as the per-file examples are', async () => {
    const perFile = await importAndRead([RDK]);
    for (const name of ['rdk_example_ci_as_ConfigHistory.json', 'rdk_example_ci.ndjson']) {
      const { report, items } = await importAndRead([join(DELIVERY, name)]);
      expect(report).toMatchObject({ files: 1, rowsImported: 78, rowsSkipped: 0, filesFailed: 0 });
      expect(items.map(({ file, item }) => file.slice(0, file.lastIndexOf('/')) + canonicalJson(item)).sort())
        .toEqual(perFile.items.map(({ file, item }) => file.slice(0, file.lastIndexOf('/')) + canonicalJson(item)).sort());
    }
  });

  it('EventBridge-wrapped items, as the Firehose transform receives them', async () => {
    await withTempDir('cia-config-input-', async (input) => {
      const items = (await readFile(join(DELIVERY, 'rdk_example_ci.ndjson'), 'utf8')).trim().split('\n').slice(0, 5).map((line) => JSON.parse(line) as object);
      const events = items.map((configurationItem) => ({
        version: '0', 'detail-type': 'Config Configuration Item Change', source: 'aws.config',
        detail: { configurationItem, messageType: 'ConfigurationItemChangeNotification' },
      }));
      await writeFile(join(input, 'events.ndjson'), events.map((e) => JSON.stringify(e)).join('\n'));
      const { report } = await importAndRead([join(input, 'events.ndjson')]);
      expect(report).toMatchObject({ files: 1, rowsImported: 5, rowsSkipped: 0, filesFailed: 0 });
    });
  });
});
