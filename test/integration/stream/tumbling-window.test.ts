import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDetectorHandler } from '../../../bot/lambda/detector-handler.js';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../../bot/embedded/dynamodb.js';
import { ensureTable } from '../../../bot/storage/ensure-table.js';
import type { Alert } from '../../../pipeline-infra/alerts/alert.js';
import { InProcessAlertBus } from '../../../pipeline-infra/alerts/bus/in-process-alert-bus.js';
import { Detector } from '../../../pipeline-infra/stream/detector.js';
import { parseFlowLogText } from '../../../pipeline-infra/stream/flow-record.js';
import type { KinesisDataRecord } from '../../../pipeline-infra/stream/kinesis/decode-records.js';
import { DynamoDetectorStateStore, detectorStateTableDefinition } from '../../../pipeline-infra/stream/kinesis/detector-state-store.js';
import { handleTumblingWindow, type TumblingWindowOptions } from '../../../pipeline-infra/stream/kinesis/tumbling-window.js';
import { generateTraffic, type GeneratedTraffic } from '../../../pipeline-infra/stream/traffic-generator.js';

const TABLE = 'cia-detector-state';
const STREAM = 'arn:aws:kinesis:eu-central-1:123456789012:stream/cia-flow';
const LAMBDA_STATE_LIMIT = 1024 * 1024;

/** One Kinesis record and when it reached the stream (epoch seconds): Lambda's windows follow arrival times. */
interface Arrival {
  at: number;
  record: KinesisDataRecord;
  lines: string[];
}

/**
 * The generator's v2 lines as CloudWatch Logs subscription payloads: per capture minute, the
 * log streams (ENIs) in 8 groups, each group's payload arriving 60 to 110 s after the minute ends.
 */
function pack(text: string): Arrival[] {
  const groups = new Map<string, { minute: number; bucket: number; lines: string[] }>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const minute = Math.floor(Number(fields[10]) / 60);
    const eni = fields[2]!;
    const bucket = Number.parseInt(eni.slice(-4), 16) % 8;
    const key = `${minute}:${bucket}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { minute, bucket, lines: [] }));
    group.lines.push(line);
  }
  let sequence = 49590338271490256608559692538361571095921575989136588898n;
  return [...groups.values()]
    .map(({ minute, bucket, lines }) => ({ at: (minute + 1) * 60 + 60 + bucket * 7, lines }))
    .sort((a, b) => a.at - b.at)
    .map(({ at, lines }) => {
      const payload = gzipSync(JSON.stringify({
        messageType: 'DATA_MESSAGE', owner: '333333333333', logGroup: '/vpc/flow-logs', logStream: 'eni', subscriptionFilters: ['cia'],
        logEvents: lines.map((message, i) => ({ id: String(i), timestamp: at * 1000, message })),
      }));
      return { at, lines, record: { kinesis: { data: payload.toString('base64'), sequenceNumber: String(sequence++) } } };
    });
}

interface Run {
  alerts: Alert[];
  /** Bytes of JSON of every state an invocation returned. */
  stateBytes: number[];
  invocations: number;
  /** Final invocations (empty states). */
  finals: number;
  /** States that carried the detector inline, and that named a spill. */
  inline: number;
  spilled: number;
}

/**
 * Lambda's side: per 60-s window (by arrival), batches of `perInvocation` records, then the final
 * invocation; the state returned goes (through JSON) to the next invocation of the same window,
 * and every window starts from an empty one. Options: run every invocation twice, dropping the
 * first response (a failure after the work: Lambda retries with the same state), and end some
 * windows early (the window goes on with a fresh state).
 */
async function runOnLambda(arrivals: Arrival[], shardId: string, store: DynamoDetectorStateStore, options: TumblingWindowOptions, simulate: { perInvocation: number; retries?: boolean; terminateEarlyEvery?: number }): Promise<Run> {
  const alerts: Alert[] = [];
  const bus = new InProcessAlertBus();
  bus.subscribe(async (alert) => void alerts.push(alert));
  const run: Run = { alerts, stateBytes: [], invocations: 0, finals: 0, inline: 0, spilled: 0 };
  const windows = new Map<number, KinesisDataRecord[]>();
  for (const { at, record } of arrivals) {
    const w = Math.floor(at / 60);
    windows.set(w, [...(windows.get(w) ?? []), record]);
  }
  let n = 0;
  for (const [w, records] of windows) {
    const window = { start: new Date(w * 60_000).toISOString(), end: new Date((w + 1) * 60_000).toISOString() };
    let state: Record<string, unknown> = {};
    const invoke = async (Records: KinesisDataRecord[], isFinalInvokeForWindow: boolean, isWindowTerminatedEarly = false) => {
      const event = { Records, window, state, shardId, eventSourceARN: STREAM, isFinalInvokeForWindow, isWindowTerminatedEarly };
      if (simulate.retries) await handleTumblingWindow(structuredClone(event), { store, bus, options, logger: quiet });
      const response = await handleTumblingWindow(event, { store, bus, options, logger: quiet });
      expect(response.batchItemFailures).toEqual([]);
      const json = JSON.stringify(response.state);
      run.stateBytes.push(Buffer.byteLength(json));
      run.invocations++;
      if (isFinalInvokeForWindow) run.finals++;
      if ('detector' in response.state) run.inline++;
      if ('spill' in response.state) run.spilled++;
      state = JSON.parse(json) as Record<string, unknown>;
      return response.state;
    };
    for (let i = 0; i < records.length; i += simulate.perInvocation) {
      await invoke(records.slice(i, i + simulate.perInvocation), false);
      if (simulate.terminateEarlyEvery && ++n % simulate.terminateEarlyEvery === 0) {
        expect(await invoke([], true, true)).toEqual({});
        state = {};
      }
    }
    expect(await invoke([], true)).toEqual({});
  }
  await bus.idle();
  return run;
}

const quiet = { info: () => undefined, warn: () => undefined };
/**
 * What must match the reference. Not every decimal of the evidence: the stored state rounds
 * baselines (compactBaseline), which the reference, never saved, does not.
 */
const essentials = (alerts: Alert[]) => alerts.map((a) => `${a.phase} ${a.kind} ${a.account} ${a.target} ${a.fingerprint} start ${a.evidence.start} seen ${a.seenCount}`);

describe('the detector on Lambda tumbling windows (dynalite, simulated Kinesis)', () => {
  let dynamo: EmbeddedDynamo;
  let client: DynamoDBClient;
  let store: DynamoDetectorStateStore;
  let generated: GeneratedTraffic;
  let arrivals: Arrival[];
  let reference: Alert[];

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo(null);
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' } });
    await ensureTable(client, detectorStateTableDefinition(TABLE));
    store = new DynamoDetectorStateStore(client, TABLE);
    let text = '';
    generated = generateTraffic({ records: 120_000, seed: 11, durationSeconds: 60 * 60, attacks: ['ddos_syn_flood', 'port_scan'] }, (chunk) => void (text += chunk));
    arrivals = pack(text);
    // One detector fed the same lines directly, in the order they reach the stream.
    const detector = new Detector();
    detector.push(parseFlowLogText(arrivals.flatMap((a) => a.lines).join('\n')).batch);
    reference = detector.drain();
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  it('the reference detector finds the scripted attacks', () => {
    const opened = reference.filter((a) => a.phase === 'open').map((a) => `${a.kind} ${a.target}`);
    expect(opened.sort()).toEqual(generated.attacks.map((a) => `${a.kind} ${a.target}`).sort());
  });

  it('publishes the same alerts as one detector, with the state reset at every window and carried inline under 1 MB', async () => {
    const shardId = 'shardId-000000000001';
    const run = await runOnLambda(arrivals, shardId, store, {}, { perInvocation: 4 });
    expect(essentials(run.alerts)).toEqual(essentials(reference));
    expect(Math.max(...run.stateBytes)).toBeLessThan(LAMBDA_STATE_LIMIT);
    expect(run).toMatchObject({ inline: run.invocations - run.finals, spilled: 0 });

    const stored = await store.load(`${STREAM}/${shardId}`);
    const persisted = Buffer.byteLength(JSON.stringify(stored!.state));
    const chunks = (await items()).filter((i) => i.pk === `${STREAM}/${shardId}` && String(i.sk).startsWith('gen#'));
    const gzipped = chunks.reduce((n, i) => n + (i.data as Uint8Array).length, 0);
    console.info(`${arrivals.length} Kinesis records, ${run.invocations} invocations over ${new Set(arrivals.map((a) => Math.floor(a.at / 60))).size} windows; ` +
      `tumbling state per invocation: max ${kb(Math.max(...run.stateBytes))}, median ${kb(median(run.stateBytes.filter((b) => b > 2)))}; ` +
      `persisted: ${kb(persisted)} of JSON, ${kb(gzipped)} gzipped in ${chunks.length} chunk(s)`);
  }, 120_000);

  it('spills the window state to the store when it is too big to carry, and leaves no spill behind', async () => {
    const run = await runOnLambda(arrivals, 'shardId-000000000002', store, { maxInlineStateBytes: 20_000 }, { perInvocation: 4 });
    expect(essentials(run.alerts)).toEqual(essentials(reference));
    expect(Math.max(...run.stateBytes)).toBeLessThan(20_000);
    expect(run).toMatchObject({ inline: 0, spilled: run.invocations - run.finals });
    expect((await items()).filter((i) => String(i.pk).includes('#window#'))).toEqual([]);
  }, 120_000);

  it('survives retried invocations and windows ended early: every alert at least once, nothing else', async () => {
    // A limit amid the state's sizes: some invocations carry it inline, others spill it.
    const run = await runOnLambda(arrivals, 'shardId-000000000003', store, { maxInlineStateBytes: 175_000 }, { perInvocation: 4, retries: true, terminateEarlyEvery: 7 });
    // The Slack side keeps one message per fingerprint, phase and seen count.
    expect(run.inline).toBeGreaterThan(0);
    expect(run.spilled).toBeGreaterThan(0);
    const distinct = [...new Map(run.alerts.map((a) => [`${a.fingerprint} ${a.phase} ${a.seenCount}`, a])).values()];
    expect(essentials(distinct)).toEqual(essentials(reference));
    // A retried final invocation publishes its alerts again, unless it finds its run saved and its spill gone.
    expect(run.alerts.length).toBeGreaterThan(distinct.length);
    expect((await items()).filter((i) => String(i.pk).includes('#window#'))).toEqual([]);
  }, 120_000);

  async function items() {
    const out: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await DynamoDBDocumentClient.from(client).send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start }));
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
});

describe('the detector Lambda entry', () => {
  it('names the missing and malformed settings', () => {
    expect(() => createDetectorHandler({})).toThrow(/CIA_DETECTOR_STATE_TABLE: required[\s\S]*CIA_ALERTS_TOPIC_ARN: required/);
    expect(() => createDetectorHandler({ CIA_DETECTOR_STATE_TABLE: 'cia-detector-state', CIA_ALERTS_TOPIC_ARN: 'cia-alerts' })).toThrow(/CIA_ALERTS_TOPIC_ARN: must be an SNS topic ARN/);
    const env = { CIA_DETECTOR_STATE_TABLE: 'cia-detector-state', CIA_ALERTS_TOPIC_ARN: 'arn:aws:sns:eu-central-1:123456789012:cia-alerts' };
    expect(() => createDetectorHandler({ ...env, CIA_FLOW_LOG_FORMAT: '${version} ${srcaddr}' })).toThrow(/CIA_FLOW_LOG_FORMAT: must include \$\{dstaddr\} and \$\{start\}/);
    expect(typeof createDetectorHandler({ ...env, CIA_FLOW_LOG_FORMAT: '${version} ${account-id} ${srcaddr} ${dstaddr} ${start} ${end}' })).toBe('function');
  });
});

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
