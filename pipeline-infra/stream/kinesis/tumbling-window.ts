import type { KinesisStreamBatchItemFailure } from 'aws-lambda';
import type { Alert } from '../../alerts/alert.js';
import type { AlertBus } from '../../alerts/bus/alert-bus.js';
import { Detector, type DeepPartial, type DetectorOptions, type DetectorState } from '../detector.js';
import { decodeRecords, type DecodeOptions, type KinesisDataRecord } from './decode-records.js';
import type { DetectorStateStore } from './detector-state-store.js';

/**
 * The detector on Lambda's tumbling windows over Kinesis, as a plain function of the event.
 *
 * Lambda hands `state` from one invocation of a window to the next (per shard, at most 1 MB) and
 * resets it at every new window. The detector's own state (baselines, open incidents, metric
 * scorers, open windows) must outlive windows and can be several MB, so it lives in a
 * `DetectorStateStore`: the first invocation of a window loads it; each invocation pushes its
 * records and hands the next the detector state, inline in `state` while its JSON is small
 * enough, else saved under a key of its own that `state` names; the final invocation (or a window
 * terminated early) publishes the window's alerts, saves the state and returns an empty state.
 *
 * The detector closes its windows by the records' start times (once records past a window's end
 * plus the allowed lateness arrive), which `push` already does; nothing more is due at the end of
 * a Lambda window, whose boundaries follow arrival times: flow-log records arrive minutes after
 * they start, so closing on Lambda's clock would cut windows short and drop records as late.
 *
 * Failures: an error fails the invocation and Lambda retries it with the same `state`. Alerts are
 * published before the save, and are the same on a retry (they follow from state and records), so
 * delivery is at least once: the Slack side is idempotent per fingerprint, phase and seen count.
 * (Saving first would lose the window's alerts for good if publishing kept failing until Lambda
 * gave up on the batch.) A retried save, or a retried first invocation, recognises the window's
 * run as already saved. Undecodable records are logged and counted, never reported as failures:
 * a retry cannot fix them and they would hold up the shard.
 */

export interface TumblingWindowEvent {
  Records: KinesisDataRecord[];
  window: { start: string; end: string };
  /** What the previous invocation of this window returned; empty at a window's first. */
  state?: Record<string, unknown>;
  shardId?: string;
  eventSourceARN?: string;
  isFinalInvokeForWindow: boolean;
  /** The state outgrew 1 MB: this is the window's last invocation, and the window goes on with a fresh state. */
  isWindowTerminatedEarly: boolean;
}

export interface TumblingWindowResponse {
  state: WindowState | Record<string, never>;
  batchItemFailures: KinesisStreamBatchItemFailure[];
}

/** What an invocation hands the next one of the same window. */
export interface WindowState {
  v: 1;
  /** This run of the window (its start and first record): the writer of its save. */
  run: string;
  /** The stored generation the run started from (0: none). */
  basedOn: number;
  invocations: number;
  /** The detector state, inline… */
  detector?: DetectorState;
  /** …or the store key it was saved under. */
  spill?: string;
  /** The key the previous invocation read from: no retry needs it any more. */
  stale?: string;
  /** Alerts of this window, published at its end. */
  pending: Alert[];
  records: number;
  undecodable: number;
}

export interface TumblingWindowOptions {
  detector?: DeepPartial<DetectorOptions>;
  decode?: DecodeOptions;
  /** Largest JSON carried inline in Lambda's `state` (1 MB a shard), with a margin. */
  maxInlineStateBytes?: number;
}

export interface TumblingWindowDependencies {
  store: DetectorStateStore;
  bus: AlertBus;
  options?: TumblingWindowOptions;
  logger?: Pick<Console, 'info' | 'warn'>;
}

export const MAX_INLINE_STATE_BYTES = 800_000;

const done = (): TumblingWindowResponse => ({ state: {}, batchItemFailures: [] });

export async function handleTumblingWindow(event: TumblingWindowEvent, { store, bus, options = {}, logger = console }: TumblingWindowDependencies): Promise<TumblingWindowResponse> {
  const shard = shardKey(event);
  const decoded = decodeRecords(event.Records, options.decode);
  if (decoded.undecodable.length > 0) logger.warn('detector: skipping undecodable records', { shard, undecodable: decoded.undecodable });

  const incoming = isWindowState(event.state) ? event.state : null;
  let run: WindowState;
  let state: DetectorState | null;
  if (incoming) {
    run = incoming;
    if (incoming.spill) {
      const spilled = await store.load(incoming.spill);
      // The end of the window discards the spill after saving: a retry of it finds the run saved.
      if (!spilled && (await store.load(shard))?.writer === incoming.run) return done();
      if (!spilled) throw new Error(`detector: the window state saved under ${incoming.spill} is gone`);
      state = spilled.state;
    } else state = incoming.detector ?? null;
  } else {
    const id = `${event.window.start}#${event.Records[0]?.kinesis.sequenceNumber ?? '-'}`;
    const stored = await store.load(shard);
    // A retried invocation that both started and ended this run, and saved it.
    if (stored?.writer === id) return done();
    run = { v: 1, run: id, basedOn: stored?.generation ?? 0, invocations: 0, pending: [], records: 0, undecodable: 0 };
    state = stored?.state ?? null;
  }

  const detector = new Detector(options.detector, state);
  detector.pushBatch(decoded.flows);
  detector.pushMetrics(decoded.metrics);
  const next: WindowState = {
    v: 1,
    run: run.run,
    basedOn: run.basedOn,
    invocations: run.invocations + 1,
    pending: [...run.pending, ...detector.drain()],
    records: run.records + event.Records.length,
    undecodable: run.undecodable + decoded.undecodable.length,
  };
  const discard = (keys: Array<string | undefined>) => Promise.allSettled(keys.filter((k): k is string => k !== undefined).map((k) => store.discard(k)));

  if (event.isFinalInvokeForWindow || event.isWindowTerminatedEarly) {
    await bus.publish(next.pending);
    const generation = await store.save(shard, detector.snapshot(), { basedOn: run.basedOn, writer: run.run });
    await discard([incoming?.spill, incoming?.stale]);
    logger.info('detector: window saved', { shard, window: event.window, terminatedEarly: event.isWindowTerminatedEarly, generation, invocations: next.invocations, records: next.records, undecodable: next.undecodable, alerts: next.pending.length });
    return done();
  }

  await discard([incoming?.stale]);
  const snapshot = detector.snapshot();
  const inline: WindowState = { ...next, detector: snapshot, ...(incoming?.spill ? { stale: incoming.spill } : {}) };
  const limit = options.maxInlineStateBytes ?? MAX_INLINE_STATE_BYTES;
  if (Buffer.byteLength(JSON.stringify(inline)) <= limit) return { state: inline, batchItemFailures: [] };

  const key = `${shard}#window#${run.run}#${next.invocations}`;
  await store.save(key, snapshot, { basedOn: 0, writer: key });
  const spilled: WindowState = { ...next, spill: key, ...(incoming?.spill ? { stale: incoming.spill } : {}) };
  // Alerts alone too many to carry: out now rather than at the end of the window.
  if (Buffer.byteLength(JSON.stringify(spilled)) > limit) {
    await bus.publish(spilled.pending);
    spilled.pending = [];
  }
  return { state: spilled, batchItemFailures: [] };
}

/** The detector's state is per shard (the event source runs one batch at a time per shard). */
function shardKey(event: TumblingWindowEvent): string {
  if (!event.shardId || !event.eventSourceARN) throw new Error('detector: the event names no shardId or eventSourceARN: is it from a Kinesis event source with a tumbling window?');
  return `${event.eventSourceARN}/${event.shardId}`;
}

function isWindowState(state: unknown): state is WindowState {
  return typeof state === 'object' && state !== null && (state as WindowState).v === 1 && typeof (state as WindowState).run === 'string';
}
