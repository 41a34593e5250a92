import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ACTION, DIRECTION, Dictionary, FlowLogParser, STATUS, ipv4Text, newFlowBatch, parseIpv4 } from '../../../pipeline-infra/stream/flow-log-parser.js';
import { batchFromRows, parseFlowLogText, rowAt } from '../../../pipeline-infra/stream/flow-record.js';

const REAL = resolve(process.cwd(), '../shared/data/real/flowlogs');
const rows = (text: string | Uint8Array, format?: string[]) => {
  const parsed = parseFlowLogText(text, { format });
  return { ...parsed, rows: Array.from({ length: parsed.batch.length }, (_, i) => rowAt(parsed.batch, i)) };
};

describe('flow-log parser: the v2 default format', () => {
  it('reads AWS\'s documentation records: IPv6, NODATA and SKIPDATA rows with - nulls, ICMP, REJECT', () => {
    const { rows: r, skipped, format } = rows(readFileSync(`${REAL}/aws_docs_examples_via_elastic_integrations/test-extra-samples.log`));
    expect(skipped).toBe(0);
    expect(format).toEqual(['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status']);
    expect(r).toHaveLength(7);
    expect(r[0]).toMatchObject({ account_id: '123456789010', srcaddr: '2001:db8:1234:a100:8d6e:3477:df66:f105', dstaddr: '2001:db8:1234:a102:3304:8879:34cf:4071', srcport: 34892, dstport: 22, protocol: 6, packets: 54, bytes: 8855, start: 1477913708, end: 1477913820, action: 'ACCEPT', log_status: 'OK' });
    expect(r[1]).toMatchObject({ srcaddr: null, dstaddr: null, srcport: null, dstport: null, protocol: null, packets: null, bytes: null, action: null, log_status: 'NODATA', start: 1431280876 });
    expect(r[2]).toMatchObject({ log_status: 'SKIPDATA', packets: null });
    expect(r[4]).toMatchObject({ srcaddr: '78.24.182.42', dstaddr: '158.109.0.1', dstport: 3389, action: 'REJECT' });
    expect(r[6]).toMatchObject({ srcaddr: '172.31.16.139', protocol: 1, srcport: 0, dstport: 0, action: 'REJECT' });
  });

  it('parses lines the fast path cannot take (nulls, IPv6, tabs, runs of spaces, CRLF) the same way as the general path', () => {
    const lines = [
      '2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.5 10.0.2.7 443 49152 6 10 8400 1620000000 1620000060 ACCEPT OK',
      '2 123456789012 eni-0a1b2c3d4e5f60718 - - - - - - - 1620000000 1620000060 - NODATA',
      '2 123456789012 eni-0a1b2c3d4e5f60718 fd00::1 fd00::2 5353 5353 17 1 90 1620000001 1620000061 ACCEPT OK',
      '2  123456789012\teni-0a1b2c3d4e5f60718 10.0.1.6 10.0.2.7 1 2 6 3 120 1620000002 1620000062 REJECT OK',
      '2 123456789012 eni-0a1b2c3d4e5f60718 10.0.1.7 10.0.2.7 3 4 6 5 200 1620000003 1620000063 ACCEPT OK\r',
    ];
    const { rows: r, skipped } = rows(lines.join('\n'));
    expect(skipped).toBe(0);
    expect(r.map((x) => [x.srcaddr, x.dstaddr, x.packets, x.action, x.log_status])).toEqual([
      ['10.0.1.5', '10.0.2.7', 10, 'ACCEPT', 'OK'],
      [null, null, null, null, 'NODATA'],
      ['fd00::1', 'fd00::2', 1, 'ACCEPT', 'OK'],
      ['10.0.1.6', '10.0.2.7', 3, 'REJECT', 'OK'],
      ['10.0.1.7', '10.0.2.7', 5, 'ACCEPT', 'OK'],
    ]);
  });

  it('counts and skips lines that do not fit the format, and keeps the rest', () => {
    const text = [
      '2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 120 1620000002 1620000062 ACCEPT OK',
      '2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 120 1620000002',
      '2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 three 120 1620000002 1620000062 ACCEPT OK',
      '2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 120 1620000002 1620000062 ACCEPT OK extra',
      '',
      '2 123456789012 eni-1 10.0.0.9 10.0.0.2 1 2 6 3 120 1620000009 1620000062 ACCEPT OK',
    ].join('\n');
    const { rows: r, skipped, skippedLines } = rows(text);
    expect(r.map((x) => x.srcaddr)).toEqual(['10.0.0.1', '10.0.0.9']);
    expect(skipped).toBe(3);
    expect(skippedLines.map((s) => s.line)).toEqual([2, 3, 4]);
    expect(skippedLines[1]!.reason).toMatch(/packets/);
  });

  it('gives the same records whatever the chunk size (lines split across reads are carried over)', () => {
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) lines.push(`2 ${i % 2 ? '111111111111' : '000000000042'} eni-0a1b2c3d4e5f6${String(i).padStart(4, '0')} 10.${i % 256}.0.${(i * 7) % 256} 192.168.1.${i % 200} ${1000 + i} 443 6 ${i + 1} ${(i + 1) * 60} ${1620000000 + i} ${1620000060 + i} ${i % 5 ? 'ACCEPT' : 'REJECT'} OK`);
    lines.splice(100, 0, '2 111111111111 eni-x - - - - - - - 1620000100 1620000160 - SKIPDATA');
    const buf = Buffer.from(`${lines.join('\n')}\n`);
    const whole = rows(buf).rows;
    expect(whole).toHaveLength(401);
    for (const chunk of [3, 7, 64, 1000]) {
      const parser = new FlowLogParser();
      const batch = newFlowBatch(5, parser.dictionary);
      const got: unknown[] = [];
      let pending = Buffer.alloc(0);
      for (let at = 0; at <= buf.length; at += chunk) {
        const final = at + chunk >= buf.length;
        pending = Buffer.concat([pending, buf.subarray(at, at + chunk)]);
        let off = 0;
        while (true) {
          batch.length = 0;
          const progress = parser.parseInto(pending, batch, off, pending.length, final);
          for (let i = 0; i < batch.length; i++) got.push(rowAt(batch, i));
          if (progress.offset === off) break;
          off = progress.offset;
        }
        pending = pending.subarray(off);
        if (final) break;
      }
      expect(got).toEqual(whole);
      expect(parser.skippedCount).toBe(0);
    }
  });

  it('keeps account ids with leading zeros apart and interns them once', () => {
    const { batch } = parseFlowLogText('2 000000000042 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 120 1 2 ACCEPT OK\n2 42 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 120 1 2 ACCEPT OK\n2 000000000042 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 120 1 2 ACCEPT OK');
    expect(batch.dictionary.accounts).toEqual(['000000000042', '42']);
    expect(Array.from(batch.account.subarray(0, 3))).toEqual([0, 1, 0]);
  });
});

describe('flow-log parser: custom formats named by a header line', () => {
  it('reads the v5 format with pkt-* fields, - nulls, NODATA and SKIPDATA rows', () => {
    const { rows: r, skipped, format } = rows(readFileSync(`${REAL}/grafana_vpc_flow_logs_analyzer/aws-test_flow_logs.log`));
    expect(skipped).toBe(0);
    expect(format).toContain('pkt_src_aws_service');
    expect(r).toHaveLength(6);
    expect(r[0]).toMatchObject({ account_id: '123456789012', srcaddr: '10.3.6.187', dstaddr: '10.63.37.34', srcport: 43944, dstport: 443, packets: 4, bytes: 208, log_status: 'OK' });
    expect(r.filter((x) => x.log_status === 'NODATA')).toHaveLength(1);
    expect(r.filter((x) => x.log_status === 'SKIPDATA')).toHaveLength(1);
    expect(rows(readFileSync(`${REAL}/grafana_vpc_flow_logs_analyzer/aws-flow-logs-10.3.11.57-142.250.185.91.log`)).rows).toHaveLength(31);
  });

  it('reads tcp-flags and flow-direction in any field order, ${…} headers included, and ignores unknown fields', () => {
    const text = [
      '${version} ${vpc-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${tcp-flags} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction} ${account-id}',
      '5 vpc-1 203.0.113.5 10.0.0.8 40000 443 6 2 1 40 1700000000 1700000001 ACCEPT OK ingress 333333333333',
      '5 vpc-1 10.0.0.8 203.0.113.5 443 40000 6 18 1 40 1700000000 1700000001 ACCEPT OK egress 333333333333',
      '5 vpc-1 - - - - - - - - 1700000000 1700000060 - NODATA - 333333333333',
    ].join('\n');
    const { batch, skipped } = parseFlowLogText(text);
    expect(skipped).toBe(0);
    expect(batch.length).toBe(3);
    expect(Array.from(batch.tcpFlags.subarray(0, 3))).toEqual([2, 18, -1]);
    expect(Array.from(batch.direction.subarray(0, 3))).toEqual([DIRECTION.INGRESS, DIRECTION.EGRESS, DIRECTION.UNKNOWN]);
    expect(Array.from(batch.status.subarray(0, 3))).toEqual([STATUS.OK, STATUS.OK, STATUS.NODATA]);
    expect(batch.dictionary.accounts).toEqual(['333333333333']);
    expect(rowAt(batch, 0)).toMatchObject({ srcaddr: '203.0.113.5', dstaddr: '10.0.0.8', dstport: 443, protocol: 6, packets: 1, bytes: 40 });
  });

  it('takes a format given up front (a file without its header line)', () => {
    const { batch } = parseFlowLogText('10.0.0.1 10.0.0.2 19 ACCEPT 1700000000\n', { format: ['srcaddr', 'dstaddr', 'tcp-flags', 'action', 'start'] });
    expect(rowAt(batch, 0)).toMatchObject({ srcaddr: '10.0.0.1', dstaddr: '10.0.0.2', tcp_flags: 19, action: 'ACCEPT', start: 1700000000, end: 1700000000 });
  });
});

describe('flow records as objects (the catalog\'s Parquet row shape)', () => {
  it('takes numbers, bigints, numeric strings and nulls, and skips rows without a start', () => {
    const { batch, skipped } = batchFromRows([
      { version: 5, account_id: '333333333333', srcaddr: '198.51.100.7', dstaddr: '10.2.0.10', srcport: 1234n, dstport: '443', protocol: 6n, packets: 3n, bytes: 120n, start: 1700000000n, end: 1700000005n, action: 'ACCEPT', log_status: 'OK', tcp_flags: 2, flow_direction: 'ingress' },
      { account_id: '333333333333', srcaddr: null, dstaddr: null, start: 1700000000, log_status: 'NODATA' },
      { account_id: '333333333333', srcaddr: '198.51.100.7', dstaddr: '10.2.0.10' },
    ]);
    expect(skipped).toBe(1);
    expect(batch.length).toBe(2);
    expect(rowAt(batch, 0)).toEqual({ account_id: '333333333333', srcaddr: '198.51.100.7', dstaddr: '10.2.0.10', srcport: 1234, dstport: 443, protocol: 6, packets: 3, bytes: 120, start: 1700000000, end: 1700000005, action: 'ACCEPT', log_status: 'OK', tcp_flags: 2, flow_direction: 'ingress' });
    expect(batch.action[0]).toBe(ACTION.ACCEPT);
    expect(rowAt(batch, 1)).toMatchObject({ srcaddr: null, packets: null, log_status: 'NODATA' });
  });
});

describe('addresses', () => {
  it('holds IPv4 as its 32-bit value and everything else interned', () => {
    expect(parseIpv4('10.2.0.10')).toBe(10 * 2 ** 24 + 2 * 2 ** 16 + 10);
    expect(parseIpv4('255.255.255.255')).toBe(2 ** 32 - 1);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', 'fd00::1', '']) expect(parseIpv4(bad)).toBe(-1);
    expect(ipv4Text(parseIpv4('192.168.50.4'))).toBe('192.168.50.4');
    const d = new Dictionary();
    const id = d.address('2001:db8::1');
    expect(id).toBeLessThan(0);
    expect(d.address('2001:db8::1')).toBe(id);
    expect(d.addressText(id)).toBe('2001:db8::1');
    expect(d.addressText(Number.NaN)).toBeNull();
  });
});
