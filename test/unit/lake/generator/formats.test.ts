import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tableByName } from '../../../../pipeline-infra/catalog/index.js';
import { normalCloudWatchLogs } from '../../../../pipeline-infra/lake/generator/cloudwatch.js';
import { normalConfigItems } from '../../../../pipeline-infra/lake/generator/config.js';
import { curLineItems } from '../../../../pipeline-infra/lake/generator/cur.js';
import { normalFlowLogs, type FlowLogRow } from '../../../../pipeline-infra/lake/generator/flowlogs.js';
import { backgroundFindings } from '../../../../pipeline-infra/lake/generator/guardduty.js';
import { findInstance, findSecurityGroup } from '../../../../pipeline-infra/lake/generator/inventory.js';
import { Random } from '../../../../pipeline-infra/lake/generator/random.js';
import { DAY, HOUR, isWeekend } from '../../../../pipeline-infra/lake/generator/rhythm.js';

const NOW = Date.parse('2024-05-15T12:34:56Z');
const WEEK = { from: NOW - 7 * DAY, to: NOW };
const TWO_WEEKS = { from: NOW - 14 * DAY, to: NOW };
const columnsOf = (table: string) => tableByName(table)!.columns.map((c) => c.sourceKey ?? c.name).sort();
const realGuardDuty = readFileSync(resolve(process.cwd(), '../shared/data/real/guardduty/derived_eventbridge/guardduty_findings_eventbridge.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('CloudWatch Logs subscription envelopes', () => {
  const envelopes = [...normalCloudWatchLogs({ random: Random.fromSeed(1), window: { from: NOW - 2 * DAY, to: NOW } })].flat();
  const events = envelopes.flatMap((e) => e.logEvents.map((event) => ({ ...event, logGroup: e.logGroup })));

  it('have the shape Firehose delivers, with events inside the window', () => {
    for (const envelope of envelopes.slice(0, 500)) {
      expect(Object.keys(envelope).sort()).toEqual(columnsOf('cloudwatch_logs'));
      expect(envelope).toMatchObject({ messageType: 'DATA_MESSAGE', owner: expect.stringMatching(/^\d{12}$/), subscriptionFilters: ['cia-lake-firehose'] });
      expect(envelope.logEvents.length).toBeGreaterThan(0);
    }
    expect(events.every((e) => /^\d{56}$/.test(e.id) && Number.isInteger(e.timestamp) && e.timestamp >= NOW - 2 * DAY && e.timestamp < NOW)).toBe(true);
  });

  it('come from several log groups, with INFO, WARN and ERROR lines and Lambda REPORT lines', () => {
    expect(new Set(envelopes.map((e) => e.logGroup))).toEqual(
      new Set(['/aws/lambda/checkout-api', '/aws/lambda/order-events-consumer', '/aws/lambda/image-resizer', '/aws/lambda/org-inventory-sync', '/app/orders-service', '/aws/rds/instance/prod-orders-db/postgresql', '/aws/rds/instance/dev-orders-db/postgresql']),
    );
    const messages = events.map((e) => e.message);
    for (const level of [/\tINFO\t/, /\tWARN\t/, /"level":"ERROR"/, /^\[INFO\]/, /^REPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB\tMax Memory Used: \d+ MB/, /Init Duration/, /^START RequestId/]) {
      expect(messages.some((m) => level.test(m))).toBe(true);
    }
    const lambdaStreams = envelopes.filter((e) => e.logGroup.startsWith('/aws/lambda/')).map((e) => e.logStream);
    expect(lambdaStreams.every((s) => /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/.test(s))).toBe(true);
  });
});

describe('Config items', () => {
  const items = normalConfigItems({ random: Random.fromSeed(1), window: TWO_WEEKS });

  it('are flat configuration items of EC2 instances, security groups, buckets and IAM roles and users', () => {
    const expected = ['ARN', 'awsAccountId', 'awsRegion', 'availabilityZone', 'configuration', 'configurationItemCaptureTime', 'configurationItemStatus', 'configurationItemVersion', 'configurationStateId', 'relationships', 'resourceCreationTime', 'resourceId', 'resourceName', 'resourceType', 'supplementaryConfiguration', 'tags'];
    for (const item of items) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining(expected));
      expect(Date.parse(item.configurationItemCaptureTime)).toBeGreaterThanOrEqual(TWO_WEEKS.from);
      expect(Date.parse(item.configurationItemCaptureTime)).toBeLessThan(TWO_WEEKS.to);
      expect(item.configurationStateId).toBe(String(Date.parse(item.configurationItemCaptureTime)));
    }
    expect(new Set(items.map((i) => i.resourceType))).toEqual(new Set(['AWS::EC2::Instance', 'AWS::EC2::SecurityGroup', 'AWS::S3::Bucket', 'AWS::IAM::Role', 'AWS::IAM::User']));
    expect(items.filter((i) => i.resourceType.startsWith('AWS::IAM::')).every((i) => i.awsRegion === 'global')).toBe(true);
  });

  it('record changes over time, on working days, and never touch the bastion\'s group (its change is an incident)', () => {
    const perResource = new Map<string, number>();
    for (const item of items) perResource.set(item.resourceId, (perResource.get(item.resourceId) ?? 0) + 1);
    expect([...perResource.values()].filter((n) => n > 1).length).toBeGreaterThan(10);
    const changes = items.filter((i) => Date.parse(i.configurationItemCaptureTime) > TWO_WEEKS.from + 2 * HOUR);
    const weekend = changes.filter((i) => isWeekend(Date.parse(i.configurationItemCaptureTime))).length;
    expect(weekend).toBeLessThan(changes.length * 0.15);
    expect(perResource.get(findSecurityGroup('prod-bastion-sg').group.id)).toBe(1);
  });
});

describe('CUR line items', () => {
  const rows = curLineItems({ random: Random.fromSeed(1), window: WEEK });

  it('have exactly the catalog\'s columns, with positive costs that match amount × rate', () => {
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(columnsOf('cur_data'));
      expect(row.line_item_unblended_cost).toBeGreaterThan(0);
      expect(row.line_item_unblended_cost).toBeCloseTo(row.line_item_usage_amount * Number(row.line_item_unblended_rate), 6);
      expect(row.line_item_unblended_rate).toMatch(/^\d+(\.\d+)?$/);
      expect(row.line_item_usage_start_date).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    }
  });

  it('cover each complete day by service, account and region, at a realistic daily cost', () => {
    const days = [...new Set(rows.map((r) => r.line_item_usage_start_date))];
    expect(days).toHaveLength(7);
    expect(Date.parse(days.at(-1)!) + DAY).toBeLessThanOrEqual(NOW);
    expect(new Set(rows.map((r) => r.line_item_product_code))).toEqual(new Set(['AmazonEC2', 'AmazonS3', 'AmazonRDS', 'AWSLambda', 'AmazonCloudWatch']));
    expect(new Set(rows.map((r) => r.product_servicecode))).toContain('AWSDataTransfer');
    expect(new Set(rows.map((r) => r.line_item_usage_account_name))).toEqual(new Set(['main', 'dev', 'prod']));
    const perDay = days.map((day) => rows.filter((r) => r.line_item_usage_start_date === day).reduce((sum, r) => sum + r.line_item_unblended_cost, 0));
    for (const total of perDay) {
      expect(total).toBeGreaterThan(50);
      expect(total).toBeLessThan(400);
    }
    const prod = rows.filter((r) => r.line_item_usage_account_id === '333333333333').reduce((s, r) => s + r.line_item_unblended_cost, 0);
    const dev = rows.filter((r) => r.line_item_usage_account_id === '222222222222').reduce((s, r) => s + r.line_item_unblended_cost, 0);
    expect(prod).toBeGreaterThan(2 * dev);
  });

  it('bill a retired instance only for the hours it ran', () => {
    const { instance } = findInstance('prod-payments-worker-1');
    const retiredAt = Date.parse('2024-05-12T06:00:00Z');
    const hours = curLineItems({ random: Random.fromSeed(1), window: WEEK, retiredInstances: new Map([[instance.id, retiredAt]]) })
      .filter((r) => r.line_item_resource_id === instance.id)
      .map((r) => [r.line_item_usage_start_date.slice(0, 10), r.line_item_usage_amount]);
    expect(hours.slice(-2)).toEqual([['2024-05-11', 24], ['2024-05-12', 6]]);
  });
});

describe('flow log records', () => {
  const rows: FlowLogRow[] = [...normalFlowLogs({ random: Random.fromSeed(1), window: TWO_WEEKS })].flat();

  it('have exactly the catalog\'s columns, with every field in range', () => {
    const columns = columnsOf('flowlogs');
    const ok = (r: FlowLogRow) =>
      Object.keys(r).sort().join() === columns.join() &&
      r.version === 5 && /^\d{12}$/.test(r.account_id) && /^eni-0[0-9a-f]{16}$/.test(r.interface_id) &&
      r.start <= r.end && r.end - r.start <= 600 && r.start * 1000 >= TWO_WEEKS.from - 600_000 && r.start * 1000 < TWO_WEEKS.to &&
      (r.log_status === 'NODATA'
        ? r.srcaddr === null && r.action === null && r.packets === null
        : /^\d+\.\d+\.\d+\.\d+$/.test(r.srcaddr!) && /^\d+\.\d+\.\d+\.\d+$/.test(r.dstaddr!) &&
          r.srcport! >= 0 && r.srcport! <= 65535 && r.dstport! >= 0 && r.dstport! <= 65535 && [1, 6, 17].includes(r.protocol!) &&
          r.packets! >= 1 && r.bytes! >= 40 * r.packets! && ['ACCEPT', 'REJECT'].includes(r.action!) && r.tcp_flags! >= 0 && r.tcp_flags! < 64 &&
          ['ingress', 'egress'].includes(r.flow_direction!) && (r.flow_direction === 'egress') === (r.traffic_path !== null) && r.log_status === 'OK');
    expect(rows.filter((r) => !ok(r)).slice(0, 3)).toEqual([]);
  });

  it('are mostly accepted TCP traffic between tiers, with DNS over UDP, rejected probes and pings, and NODATA', () => {
    const share = (keep: (r: FlowLogRow) => boolean) => rows.filter(keep).length / rows.length;
    expect(share((r) => r.action === 'ACCEPT')).toBeGreaterThan(0.8);
    expect(share((r) => r.action === 'REJECT')).toBeGreaterThan(0.005);
    expect(share((r) => r.log_status === 'NODATA')).toBeGreaterThan(0);
    const ports = new Set(rows.filter((r) => r.action === 'ACCEPT' && r.flow_direction === 'ingress').map((r) => r.dstport));
    for (const port of [443, 8080, 5432, 6379, 22]) expect(ports).toContain(port);
    expect(rows.filter((r) => r.action === 'REJECT' && r.protocol === 6).every((r) => r.tcp_flags === 2)).toBe(true);
    expect(new Set(rows.map((r) => r.protocol))).toEqual(new Set([6, 17, 1, null]));
    expect(rows.filter((r) => r.protocol !== 6 && r.protocol !== null).every((r) => r.tcp_flags === 0)).toBe(true);
  });

  it('are quieter at night', () => {
    const count = (fromHour: number, toHour: number) => rows.filter((r) => r.account_id === '333333333333' && new Date(r.start * 1000).getUTCHours() >= fromHour && new Date(r.start * 1000).getUTCHours() < toHour).length / (toHour - fromHour);
    expect(count(1, 5)).toBeLessThan(count(16, 20) * 0.5);
  });
});

describe('GuardDuty findings', () => {
  const events = backgroundFindings({ random: Random.fromSeed(1), window: TWO_WEEKS });

  it('have the EventBridge shape of the real samples', () => {
    const real = realGuardDuty[0];
    for (const event of events) {
      expect(Object.keys(event).sort()).toEqual(Object.keys(real).sort());
      expect(Object.keys(event.detail).sort()).toEqual(Object.keys(real.detail).sort());
      expect(Object.keys(event.detail.service).sort()).toEqual(expect.arrayContaining(['action', 'count', 'detectorId', 'eventFirstSeen', 'eventLastSeen', 'resourceRole', 'serviceName']));
      expect(event.detail.arn).toBe(`arn:aws:guardduty:${event.region}:${event.account}:detector/${(event.detail.service as { detectorId: string }).detectorId}/finding/${event.detail.id}`);
      expect(Date.parse(event.detail.updatedAt)).toBeLessThan(NOW);
      expect(Date.parse(event.detail.createdAt)).toBeGreaterThanOrEqual(TWO_WEEKS.from);
    }
  });

  it('are a few a week, low to high, some sent again as they recur', () => {
    const findings = new Set(events.map((e) => e.detail.id));
    expect(findings.size).toBeGreaterThanOrEqual(8);
    expect(findings.size).toBeLessThanOrEqual(14);
    expect(events.length).toBeGreaterThan(findings.size);
    const severities = events.map((e) => e.detail.severity);
    expect(Math.min(...severities)).toBeLessThan(4);
    expect(Math.max(...severities)).toBeGreaterThanOrEqual(7);
  });
});
