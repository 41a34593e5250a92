import { gzipSync } from 'node:zlib';
import { rowAt } from '../../../../pipeline-infra/stream/flow-record.js';
import { decodeRecords, type KinesisDataRecord } from '../../../../pipeline-infra/stream/kinesis/decode-records.js';

const T = 1714521600;
const V2 = (src: string, dst: string, dport: number, start = T) => `2 123456789012 eni-0a1b2c3d4e5f60718 ${src} ${dst} 49152 ${dport} 6 10 840 ${start} ${start + 60} ACCEPT OK`;

let seq = 0;
const record = (data: Buffer | string): KinesisDataRecord => ({
  kinesis: { data: Buffer.from(data).toString('base64'), sequenceNumber: String(49590338271490256608559692538361571095921575989136588000n + BigInt(++seq)) },
});

function logsPayload(messages: string[], messageType = 'DATA_MESSAGE'): Buffer {
  return gzipSync(JSON.stringify({
    messageType,
    owner: '123456789012',
    logGroup: '/vpc/flow-logs',
    logStream: 'eni-0a1b2c3d4e5f60718-all',
    subscriptionFilters: ['cia'],
    logEvents: messages.map((message, i) => ({ id: String(i), timestamp: T * 1000, message })),
  }));
}

const metricLine = (metric: string, unit: string, value: { sum: number; count: number }, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    metric_stream_name: 'cia', account_id: '123456789012', region: 'eu-central-1', namespace: 'AWS/Lambda', metric_name: metric,
    dimensions: { FunctionName: 'checkout' }, timestamp: T * 1000, value: { max: value.sum, min: 0, ...value }, unit, ...extra,
  });

describe('decodeRecords', () => {
  it('reads CloudWatch Logs subscription payloads of v2 flow-log lines', () => {
    const decoded = decodeRecords([record(logsPayload([V2('198.51.100.7', '10.0.0.5', 443), V2('198.51.100.8', '10.0.0.5', 22)]))]);
    expect(decoded.flows.length).toBe(2);
    expect(rowAt(decoded.flows, 1)).toMatchObject({ account_id: '123456789012', srcaddr: '198.51.100.8', dstaddr: '10.0.0.5', dstport: 22, start: T, action: 'ACCEPT', log_status: 'OK' });
    expect(decoded).toMatchObject({ metrics: [], undecodable: [], skippedLines: 0, controlMessages: 0 });
  });

  it('reads a custom format given in the options (CloudWatch messages carry no header)', () => {
    const format = ['${version}', '${account-id}', '${srcaddr}', '${dstaddr}', '${srcport}', '${dstport}', '${protocol}', '${packets}', '${bytes}', '${start}', '${end}', '${action}', '${log-status}', '${tcp-flags}', '${flow-direction}'];
    const line = `5 123456789012 203.0.113.9 10.0.0.7 40000 443 6 1 40 ${T} ${T + 1} ACCEPT OK 2 ingress`;
    const decoded = decodeRecords([record(logsPayload([line]))], { format });
    expect(rowAt(decoded.flows, 0)).toMatchObject({ srcaddr: '203.0.113.9', dstaddr: '10.0.0.7', tcp_flags: 2, flow_direction: 'ingress' });
    // Read as v2, the same line does not fit.
    expect(decodeRecords([record(logsPayload([line]))]).flows.length).toBe(0);
  });

  it('ignores CloudWatch Logs control messages', () => {
    const decoded = decodeRecords([record(logsPayload(['CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.'], 'CONTROL_MESSAGE'))]);
    expect(decoded).toMatchObject({ controlMessages: 1, undecodable: [], metrics: [] });
    expect(decoded.flows.length).toBe(0);
  });

  it('reads raw flow-log text, with or without a header line, gzipped or not', () => {
    const header = 'version account-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status flow-direction';
    const decoded = decodeRecords([
      record(`${V2('198.51.100.7', '10.0.0.5', 443)}\n${V2('198.51.100.7', '10.0.0.6', 443)}\n`),
      record(`${header}\n5 123456789012 198.51.100.9 10.0.0.8 40000 3389 6 2 80 ${T} ${T + 5} REJECT OK ingress`),
      record(gzipSync(V2('198.51.100.10', '10.0.0.9', 80))),
    ]);
    expect(decoded.undecodable).toEqual([]);
    expect(Array.from({ length: decoded.flows.length }, (_, i) => rowAt(decoded.flows, i).dstaddr)).toEqual(['10.0.0.5', '10.0.0.6', '10.0.0.8', '10.0.0.9']);
    expect(rowAt(decoded.flows, 2)).toMatchObject({ dstport: 3389, action: 'REJECT', flow_direction: 'ingress' });
  });

  it('reads Metric Streams JSON lines: sums for Count metrics, averages for the others', () => {
    const text = [
      metricLine('Errors', 'Count', { sum: 7, count: 120 }),
      metricLine('Duration', 'Milliseconds', { sum: 3000, count: 120 }),
      metricLine('Throttles', 'Count', { sum: 0, count: 0 }),
    ].join('\n');
    const decoded = decodeRecords([record(text)]);
    expect(decoded.metrics).toEqual([
      { timestamp: T * 1000, value: 7, metric: 'AWS/Lambda/Errors', dimensions: { FunctionName: 'checkout', Region: 'eu-central-1' }, account: '123456789012', unit: 'Count' },
      { timestamp: T * 1000, value: 25, metric: 'AWS/Lambda/Duration', dimensions: { FunctionName: 'checkout', Region: 'eu-central-1' }, account: '123456789012', unit: 'Milliseconds' },
      { timestamp: T * 1000, value: 0, metric: 'AWS/Lambda/Throttles', dimensions: { FunctionName: 'checkout', Region: 'eu-central-1' }, account: '123456789012', unit: 'Count' },
    ]);
    expect(decoded.flows.length).toBe(0);
  });

  it('reports corrupt records by sequence number, reads the rest, and counts lines that do not fit', () => {
    const good = record(logsPayload([V2('198.51.100.7', '10.0.0.5', 443), 'not a flow record', V2('198.51.100.7', '10.0.0.5', 80)]));
    const truncated = record(logsPayload([V2('198.51.100.7', '10.0.0.5', 443)]).subarray(0, 20));
    const garbage = record(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0a, 0x00, 0x01]));
    const badJson = record('{"messageType": "DATA_MESSAGE", "logEvents": [');
    const metrics = record(`${metricLine('Errors', 'Count', { sum: 1, count: 1 })}\n{"metric_name": 1}`);
    const decoded = decodeRecords([truncated, good, garbage, badJson, metrics]);
    expect(decoded.undecodable.map((u) => u.sequenceNumber)).toEqual([truncated, garbage, badJson].map((r) => r.kinesis.sequenceNumber));
    expect(decoded.undecodable[0]!.reason).toMatch(/gzip/);
    expect(decoded.undecodable[1]!.reason).toMatch(/no line fits the flow-log format/);
    expect(decoded.undecodable[2]!.reason).toMatch(/neither a CloudWatch Logs subscription payload nor CloudWatch Metric Streams/);
    expect(decoded.flows.length).toBe(2);
    expect(decoded.metrics).toHaveLength(1);
    expect(decoded.skippedLines).toBe(2);
  });
});
