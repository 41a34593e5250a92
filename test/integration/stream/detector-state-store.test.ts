import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../../bot/embedded/dynamodb.js';
import { ensureTable } from '../../../bot/storage/ensure-table.js';
import type { DetectorState } from '../../../pipeline-infra/stream/detector.js';
import { COUNTERS } from '../../../pipeline-infra/stream/features.js';
import { DynamoDetectorStateStore, StaleDetectorStateError, detectorStateTableDefinition } from '../../../pipeline-infra/stream/kinesis/detector-state-store.js';

const TABLE = 'cia-detector-state';
const SHARD = 'arn:aws:kinesis:eu-central-1:123456789012:stream/cia-flow/shardId-000000000000';

function prng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

/** A detector state (at the default bounds: 1000 baselines, 3 open windows of 2000 targets), filled with noise so gzip cannot shrink it much. */
function noisyState(seed: number, targets = 2000, baselines = 1000): DetectorState {
  const random = prng(seed);
  const ip = () => `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
  const numbers = (n: number) => Array.from({ length: n }, () => Math.round(random() * 1e6) / 1e3);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 20))).toString('base64');
  return {
    v: 1,
    windowSeconds: 60,
    maxStart: 1714521600 + 3 * 3600,
    closedThrough: 28575500,
    open: [0, 1, 2].map((k) => ({
      window: 28575501 + k,
      overflow: 0,
      rows: Array.from({ length: targets }, () => ({
        account: '123456789012', target: ip(), counters: numbers(COUNTERS), sources: bytes(64), ports: bytes(32),
        topSources: [0, 1, 2, 3].map(() => [ip(), Math.floor(random() * 100), 0] as [string, number, number]),
        topPorts: [0, 1, 2, 3].map(() => [Math.floor(random() * 65536), Math.floor(random() * 1000), 0] as [number, number, number]),
      })),
    })),
    baselines: Array.from({ length: baselines }, () => [`123456789012|${ip()}`, { n: 500, last: 28575500, f: numbers(8), season: { pps: numbers(24), fps: numbers(24), count: numbers(24), days: numbers(24), lastDay: numbers(24) } }]),
    incidents: [],
    metrics: [],
    stats: { records: 1e6, flowRecords: 1e6, metricPoints: 0, noTraffic: 0, outOfScope: 0, late: 0, overflow: 0, skipped: 0, windowsClosed: 180 },
  };
}

describe('DynamoDetectorStateStore on dynalite', () => {
  let dynamo: EmbeddedDynamo;
  let client: DynamoDBClient;
  let now = Date.parse('2024-05-01T00:00:00Z');
  const store = (options = {}) => new DynamoDetectorStateStore(client, TABLE, { now: () => now, ...options });
  /** Small states in small chunks: the generation logic without megabytes through dynalite. */
  const smallChunks = { chunkBytes: 30_000 };
  const small = (seed: number) => noisyState(seed, 200, 100);
  const items = async (key: string) => {
    const out: Array<Record<string, unknown> & { sk: string }> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await DynamoDBDocumentClient.from(client).send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': key }, ConsistentRead: true, ExclusiveStartKey: start }));
      out.push(...((page.Items ?? []) as typeof out));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  };

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo(null);
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' } });
    await ensureTable(client, detectorStateTableDefinition(TABLE));
  });
  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  it('round-trips a multi-MB state through several chunks, with a TTL on every item', async () => {
    const state = noisyState(1);
    const json = JSON.stringify(state).length;
    expect(json).toBeGreaterThan(3_000_000);
    const generation = await store().save(`${SHARD}/a`, state, { basedOn: 0, writer: 'run-1' });
    const stored = await store().load(`${SHARD}/a`);
    expect(stored).toEqual({ state, generation, writer: 'run-1' });
    const saved = await items(`${SHARD}/a`);
    const chunks = saved.filter((item) => item.sk.startsWith('gen#'));
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const chunk of chunks) expect((chunk.data as Uint8Array).length).toBeLessThanOrEqual(350_000);
    for (const item of saved) expect(item.expires_at).toBe(now / 1000 + 14 * 86_400);
    console.info(`detector state: ${(json / 1e6).toFixed(2)} MB of JSON, ${(chunks.reduce((n, c) => n + (c.data as Uint8Array).length, 0) / 1e6).toFixed(2)} MB gzipped, ${chunks.length} chunks`);
  });

  it('lets one of two saves from the same generation win; the loser fails clearly and the winner stays readable', async () => {
    const key = `${SHARD}/b`;
    const first = await store(smallChunks).save(key, small(2), { basedOn: 0, writer: 'run-1' });
    const [a, b] = [small(3), small(4)];
    const results = await Promise.allSettled([store(smallChunks).save(key, a, { basedOn: first, writer: 'run-a' }), store(smallChunks).save(key, b, { basedOn: first, writer: 'run-b' })]);
    const won = results.findIndex((r) => r.status === 'fulfilled');
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(won).toBeGreaterThanOrEqual(0);
    expect(lost.reason).toBeInstanceOf(StaleDetectorStateError);
    expect((lost.reason as Error).message).toMatch(/started from generation \d+, but generation \d+ \(saved by run-[ab]\) is current: another invocation for the same shard saved first/);
    const stored = await store(smallChunks).load(key);
    expect(stored!.state).toEqual(won === 0 ? a : b);

    // A save from a generation long gone fails the same way, and changes nothing.
    await expect(store(smallChunks).save(key, small(5), { basedOn: first, writer: 'run-late' })).rejects.toThrow(StaleDetectorStateError);
    expect((await store(smallChunks).load(key))!.writer).toBe(won === 0 ? 'run-a' : 'run-b');
  });

  it('removes old generations, keeping the head and the current chunks only', async () => {
    const key = `${SHARD}/c`;
    let generation = 0;
    for (let i = 0; i < 4; i++) generation = await store(smallChunks).save(key, small(10 + i), { basedOn: generation, writer: `run-${i}` });
    const left = await items(key);
    const prefix = `gen#${String(generation).padStart(10, '0')}#`;
    expect(left.filter((item) => item.sk !== 'head').every((item) => item.sk.startsWith(prefix))).toBe(true);
    expect(left.find((item) => item.sk === 'head')).toMatchObject({ generation, writer: 'run-3' });
  });

  it('takes a retried save (same writer, same base) that already committed as done', async () => {
    const key = `${SHARD}/d`;
    const state = small(20);
    const generation = await store(smallChunks).save(key, state, { basedOn: 0, writer: 'run-1' });
    await expect(store(smallChunks).save(key, state, { basedOn: 0, writer: 'run-1' })).resolves.toBe(generation);
    expect((await items(key)).filter((item) => item.sk !== 'head').every((item) => item.sk.startsWith(`gen#${String(generation).padStart(10, '0')}#`))).toBe(true);
  });

  it('discards a key, and forgets an expired state so a new one starts from nothing', async () => {
    const key = `${SHARD}/e`;
    await store(smallChunks).save(key, small(30), { basedOn: 0, writer: 'run-1' });
    await store(smallChunks).discard(key);
    expect(await store(smallChunks).load(key)).toBeNull();
    expect(await items(key)).toEqual([]);

    await store({ ...smallChunks, ttlDays: 1 }).save(key, small(31), { basedOn: 0, writer: 'run-2' });
    now += 2 * 86_400_000;
    expect(await store(smallChunks).load(key)).toBeNull();
    const generation = await store(smallChunks).save(key, small(32), { basedOn: 0, writer: 'run-3' });
    expect((await store(smallChunks).load(key))!.generation).toBe(generation);
  });
});
