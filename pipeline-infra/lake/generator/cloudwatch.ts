import type { GeneratedAccount } from './accounts.js';
import { INVENTORY, type Instance, type LambdaFunction, type NetworkEndpoint } from './inventory.js';
import type { Random } from './random.js';
import { HOUR, MINUTE, activityLevel, isoMillis, slots, startOfUtcDay, type Schedule, type TimeWindow } from './rhythm.js';

/** A CloudWatch Logs subscription delivery, as Firehose writes it to the lake. */
export interface LogEnvelope {
  messageType: 'DATA_MESSAGE';
  owner: string;
  logGroup: string;
  logStream: string;
  subscriptionFilters: string[];
  logEvents: LogEvent[];
}

export interface LogEvent {
  id: string;
  timestamp: number;
  message: string;
}

/** Subscription deliveries are batched; five minutes of one stream make one envelope. */
const BATCH = 5 * MINUTE;
const SUBSCRIPTION_FILTERS = ['cia-lake-firehose'];

/** A window in which a function fails: timeouts and database errors instead of orders. */
export interface ErrorStorm {
  accountId: string;
  logGroup: string;
  from: number;
  to: number;
}

export interface CloudWatchOptions {
  random: Random;
  window: TimeWindow;
  storms?: readonly ErrorStorm[];
}

type Line = { at: number; message: string };

/** A log group and how its lines come about. */
interface LogSource {
  account: GeneratedAccount;
  logGroup: string;
  schedule: Schedule;
  /** Invocations (or bursts of lines) per batch at the busiest hour. */
  perBatch: number;
  /** A scheduled job: one invocation at the start of every hour instead. */
  hourly?: boolean;
  /** The lines of one invocation or burst starting at `at`, and the stream they go to. */
  emit: (at: number, random: Random, storm: boolean) => { stream: string; lines: Line[] };
}

export function lambdaLogGroup(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

// ---- Lambda -------------------------------------------------------------------------------------------

/** Lambda writes to one stream per execution environment; a few environments live per day. */
class LambdaStreams {
  private day = -1;
  private streams: { name: string; cold: boolean }[] = [];

  constructor(private readonly concurrency: number) {}

  pick(at: number, random: Random): { name: string; cold: boolean } {
    const day = startOfUtcDay(at);
    if (day !== this.day) {
      this.day = day;
      const date = isoMillis(day).slice(0, 10).replace(/-/g, '/');
      this.streams = Array.from({ length: this.concurrency }, () => ({ name: `${date}/[$LATEST]${random.hex(32)}`, cold: true }));
    }
    const stream = random.pick(this.streams);
    const picked = { name: stream.name, cold: stream.cold };
    stream.cold = false;
    return picked;
  }
}

function report(requestId: string, fn: LambdaFunction, durationMs: number, random: Random, cold: boolean, timedOut = false): string {
  const init = cold ? `Init Duration: ${random.uniform(180, 650).toFixed(2)} ms\t` : '';
  const billed = timedOut ? fn.timeoutSeconds * 1000 : Math.ceil(durationMs);
  const memory = Math.min(fn.memoryMb, Math.round(fn.memoryMb * random.uniform(0.18, 0.45)));
  return `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms\tMemory Size: ${fn.memoryMb} MB\tMax Memory Used: ${memory} MB\t${init}${timedOut ? 'Status: timeout' : ''}`;
}

function invocation(fn: LambdaFunction, region: string, at: number, random: Random, cold: boolean, body: (requestId: string, t: number) => Line[], durationMs: number, timedOut = false): Line[] {
  const requestId = random.uuid();
  const lines: Line[] = [];
  if (cold) lines.push({ at: at - 300, message: `INIT_START Runtime Version: ${fn.runtime === 'nodejs20.x' ? 'nodejs:20.v22' : 'python:3.12.v27'}\tRuntime Version ARN: arn:aws:lambda:${region}::runtime:${random.hex(64)}` });
  lines.push({ at, message: `START RequestId: ${requestId} Version: $LATEST` });
  lines.push(...body(requestId, at));
  const end = at + Math.round(durationMs);
  lines.push({ at: end, message: `END RequestId: ${requestId}` });
  lines.push({ at: end, message: report(requestId, fn, durationMs, random, cold, timedOut) });
  return lines;
}

const nodeLine = (t: number, requestId: string, level: 'INFO' | 'WARN' | 'ERROR', text: string): Line => ({ at: t, message: `${isoMillis(t)}\t${requestId}\t${level}\t${text}` });
const pythonLine = (t: number, requestId: string, level: 'INFO' | 'WARNING' | 'ERROR', text: string): Line => ({ at: t, message: `[${level}]\t${isoMillis(t)}\t${requestId}\t${text}` });

const orderId = (random: Random) => `ORD-${random.between(100000, 999999)}`;

/** The stack of a failed database connection from the checkout function (pg over a VPC). */
function connectTimeoutError(dbAddress: string): string {
  const message = `connect ETIMEDOUT ${dbAddress}`;
  const stack = [
    `Error: ${message}`,
    '    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)',
    '    at Client._connectionCallback (/var/task/node_modules/pg/lib/client.js:132:24)',
    '    at async BoundPool.connect (/var/task/node_modules/pg-pool/index.js:45:11)',
    '    at async createOrder (/var/task/src/orders.js:88:18)',
    '    at async Runtime.handler (/var/task/src/handler.js:31:20)',
  ];
  return `Invoke Error \t${JSON.stringify({ errorType: 'Error', errorMessage: message, code: 'ETIMEDOUT', stack })}`;
}

function checkoutApi(fn: LambdaFunction, region: string, database: NetworkEndpoint | undefined): LogSource['emit'] {
  const streams = new LambdaStreams(3);
  const dbAddress = `${database?.privateIp ?? '10.0.20.15'}:${database?.port ?? 5432}`;
  return (at, random, storm) => {
    const { name, cold } = streams.pick(at, random);
    const order = orderId(random);
    const started = (id: string, t: number) => nodeLine(t + 2, id, 'INFO', `checkout started cart_id=${random.hex(12)} items=${random.between(1, 6)}`);
    if (storm && random.chance(0.45)) {
      const duration = fn.timeoutSeconds * 1000 + random.uniform(2, 12);
      return { stream: name, lines: invocation(fn, region, at, random, cold, (id, t) => [started(id, t), { at: t + fn.timeoutSeconds * 1000, message: `${isoMillis(t + fn.timeoutSeconds * 1000)} ${id} Task timed out after ${(duration / 1000).toFixed(2)} seconds` }], duration, true) };
    }
    if (storm && random.chance(0.65)) {
      const duration = random.uniform(2_500, 5_500);
      return {
        stream: name,
        lines: invocation(fn, region, at, random, cold, (id, t) => [started(id, t), nodeLine(t + duration - 5, id, 'ERROR', `failed to create order order_id=${order} error="connect ETIMEDOUT ${dbAddress}"`), nodeLine(t + duration - 2, id, 'ERROR', connectTimeoutError(dbAddress))], duration),
      };
    }
    const slow = random.chance(storm ? 0.8 : 0.04);
    const duration = slow ? random.uniform(1_800, 4_500) : random.uniform(60, 420);
    return {
      stream: name,
      lines: invocation(fn, region, at, random, cold, (id, t) => {
        const lines = [started(id, t)];
        if (slow) lines.push(nodeLine(t + duration * 0.8, id, 'WARN', `slow database response query=insert_order latency_ms=${Math.round(duration * 0.7)}`));
        if (!storm && random.chance(0.01)) lines.push(nodeLine(t + duration - 3, id, 'ERROR', `payment declined order_id=${order} reason=${random.pick(['insufficient_funds', 'card_expired', 'do_not_honor'])}`));
        else lines.push(nodeLine(t + duration - 3, id, 'INFO', `payment authorized order_id=${order} amount=${random.uniform(9, 240).toFixed(2)} currency=EUR`));
        return lines;
      }, duration),
    };
  };
}

function orderEventsConsumer(fn: LambdaFunction, region: string): LogSource['emit'] {
  const streams = new LambdaStreams(2);
  return (at, random) => {
    const { name, cold } = streams.pick(at, random);
    const count = random.between(1, 100);
    const duration = random.uniform(40, 900);
    return {
      stream: name,
      lines: invocation(fn, region, at, random, cold, (id, t) => {
        const lines = [pythonLine(t + 3, id, 'INFO', `processing batch of ${count} order events from shard shardId-00000000000${random.int(4)}`)];
        if (random.chance(0.03)) lines.push(pythonLine(t + duration / 2, id, 'WARNING', 'retrying put_records after ProvisionedThroughputExceededException (attempt 2)'));
        if (random.chance(0.004)) {
          lines.push(pythonLine(t + duration - 4, id, 'ERROR', `KeyError: 'customer_id'\nTraceback (most recent call last):\n  File "/var/task/handler.py", line 42, in handler\n    customer = record["customer_id"]\nKeyError: 'customer_id'`));
        } else lines.push(pythonLine(t + duration - 4, id, 'INFO', `published ${count} events to orders-analytics`));
        return lines;
      }, duration),
    };
  };
}

function imageResizer(fn: LambdaFunction, region: string): LogSource['emit'] {
  const streams = new LambdaStreams(2);
  return (at, random) => {
    const { name, cold } = streams.pick(at, random);
    const duration = random.uniform(150, 1_400);
    return {
      stream: name,
      lines: invocation(fn, region, at, random, cold, (id, t) => [nodeLine(t + duration - 5, id, 'INFO', `resized s3://acme-prod-assets/uploads/${random.hex(16)}.jpg to 800x600 in ${Math.round(duration - 20)} ms`)], duration),
    };
  };
}

function inventorySync(fn: LambdaFunction, region: string): LogSource['emit'] {
  const streams = new LambdaStreams(1);
  return (at, random) => {
    const { name, cold } = streams.pick(at, random);
    const duration = random.uniform(4_000, 12_000);
    return {
      stream: name,
      lines: invocation(fn, region, at, random, cold, (id, t) => [
        pythonLine(t + 10, id, 'INFO', 'listing accounts of organization o-a1b2c3d4e5'),
        pythonLine(t + duration - 50, id, 'INFO', `synced 3 accounts, ${random.between(180, 220)} resources`),
      ], duration),
    };
  };
}

// ---- application servers and the database -----------------------------------------------------------------

function ordersService(instances: Instance[]): LogSource['emit'] {
  const paths = ['GET /api/orders/{id}', 'POST /api/orders', 'GET /api/cart', 'PUT /api/cart/items', 'GET /api/products', 'GET /healthz'];
  return (at, random) => {
    const instance = random.pick(instances);
    const lines: Line[] = [];
    for (let i = 0, n = random.between(2, 5); i < n; i++) {
      const t = at + random.int(BATCH);
      const path = random.pick(paths).replace('{id}', orderId(random));
      const ts = isoMillis(t);
      const traceId = `1-${Math.floor(t / 1000).toString(16)}-${random.hex(24)}`;
      const draw = random.next();
      let entry: object;
      if (draw < 0.004) {
        entry = { ts, level: 'ERROR', service: 'orders-service', host: instance.name, trace_id: traceId, msg: 'unhandled exception', path, err: { type: 'TimeoutError', message: 'upstream payments-gateway timed out after 3000 ms', stack: 'TimeoutError: upstream payments-gateway timed out after 3000 ms\n    at PaymentsClient.request (/app/src/clients/payments.ts:58:13)\n    at async OrdersController.create (/app/src/orders/controller.ts:41:7)' } };
      } else if (draw < 0.05) {
        entry = { ts, level: 'WARN', service: 'orders-service', host: instance.name, trace_id: traceId, msg: 'slow request', path, duration_ms: random.between(1_200, 4_000) };
      } else {
        entry = { ts, level: 'INFO', service: 'orders-service', host: instance.name, trace_id: traceId, msg: path, status: 200, duration_ms: random.between(3, 180) };
      }
      lines.push({ at: t, message: JSON.stringify(entry) });
    }
    return { stream: instance.id, lines };
  };
}

function postgres(database: NetworkEndpoint, clients: Instance[]): LogSource['emit'] {
  const prefix = (t: number, who: string) => `${isoMillis(t).slice(0, 19).replace('T', ' ')} UTC:${who}`;
  return (at, random, storm) => {
    const lines: Line[] = [{ at, message: `${prefix(at, '::@:[2148]')}:LOG:  checkpoint starting: time` }];
    const done = at + random.between(20_000, 40_000);
    lines.push({ at: done, message: `${prefix(done, '::@:[2148]')}:LOG:  checkpoint complete: wrote ${random.between(200, 4000)} buffers (${random.uniform(0.1, 2).toFixed(1)}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=${random.uniform(20, 30).toFixed(3)} s, sync=0.004 s, total=${random.uniform(20, 30).toFixed(3)} s` });
    const client = () => `${random.pick(clients)?.privateIp ?? '10.0.10.11'}(${random.between(32768, 60999)}):app@orders:[${random.between(10000, 40000)}]`;
    const slowQueries = random.count(storm ? 6 : 0.4);
    for (let i = 0; i < slowQueries; i++) {
      const t = at + random.int(BATCH);
      lines.push({ at: t, message: `${prefix(t, client())}:LOG:  duration: ${random.uniform(storm ? 5_000 : 1_000, storm ? 15_000 : 3_500).toFixed(3)} ms  statement: SELECT id, status, total FROM orders WHERE customer_id = $1 ORDER BY created_at DESC FOR UPDATE` });
    }
    if (storm) {
      for (let i = 0, n = random.between(3, 12); i < n; i++) {
        const t = at + random.int(BATCH);
        lines.push({ at: t, message: `${prefix(t, client())}:FATAL:  remaining connection slots are reserved for non-replication superuser connections` });
      }
    } else if (random.chance(0.01)) {
      lines.push({ at: at + 1000, message: `${prefix(at + 1000, client())}:ERROR:  duplicate key value violates unique constraint "orders_pkey"` });
    }
    return { stream: `${database.name}.0`, lines };
  };
}

// ---- the sources of the organization ------------------------------------------------------------------------

function logSources(): LogSource[] {
  const sources: LogSource[] = [];
  for (const inventory of INVENTORY) {
    const { account, region } = inventory;
    const prod = account.alias === 'prod';
    const database = inventory.endpoints.find((e) => e.kind === 'database');
    for (const fn of inventory.functions) {
      const emit =
        fn.name === 'checkout-api' ? checkoutApi(fn, region, database) : fn.name === 'image-resizer' ? imageResizer(fn, region) : fn.name === 'org-inventory-sync' ? inventorySync(fn, region) : orderEventsConsumer(fn, region);
      const hourly = fn.name === 'org-inventory-sync';
      const perBatch = prod ? ({ 'checkout-api': 6, 'order-events-consumer': 3, 'image-resizer': 1.5 }[fn.name] ?? 1) : 0.4;
      sources.push({ account, logGroup: lambdaLogGroup(fn.name), schedule: hourly ? 'always' : prod ? 'traffic' : 'office', perBatch, hourly, emit });
    }
    const appServers = inventory.instances.filter((i) => i.role === 'app');
    if (appServers.length && inventory.region === 'eu-central-1') sources.push({ account, logGroup: '/app/orders-service', schedule: prod ? 'traffic' : 'office', perBatch: appServers.length, emit: ordersService(appServers) });
    if (database) sources.push({ account, logGroup: `/aws/rds/instance/${database.name}/postgresql`, schedule: 'always', perBatch: 1, emit: postgres(database, inventory.instances.filter((i) => i.role === 'app' || i.role === 'worker')) });
  }
  return sources;
}

/** The failing function's log group, and its account's database (which the failures overload). */
function inStorm(storms: readonly ErrorStorm[] | undefined, source: LogSource, at: number): boolean {
  return Boolean(storms?.some((s) => s.accountId === source.account.id && at >= s.from && at < s.to && (s.logGroup === source.logGroup || source.logGroup.startsWith('/aws/rds/'))));
}

/**
 * Log deliveries over the window, five minutes at a time (in time order). During an error storm
 * the function fails and retries (more invocations), and its database logs the overload.
 */
export function* normalCloudWatchLogs(options: CloudWatchOptions): Generator<LogEnvelope[]> {
  const { random, window } = options;
  const sources = logSources();
  for (const batch of slots(window, BATCH)) {
    const envelopes = new Map<string, LogEnvelope>();
    for (const source of sources) {
      const middle = batch + BATCH / 2;
      const storm = inStorm(options.storms, source, middle);
      const bursts = source.hourly ? (batch % HOUR === 0 ? 1 : 0) : random.count(source.perBatch * activityLevel(source.schedule, middle) * (storm ? 1.6 : 1));
      for (let i = 0; i < bursts; i++) {
        const { stream, lines } = source.emit(batch + random.int(BATCH - 15_000), random, storm);
        const key = `${source.account.id}${source.logGroup}${stream}`;
        let envelope = envelopes.get(key);
        if (!envelope) envelopes.set(key, (envelope = { messageType: 'DATA_MESSAGE', owner: source.account.id, logGroup: source.logGroup, logStream: stream, subscriptionFilters: SUBSCRIPTION_FILTERS, logEvents: [] }));
        for (const line of lines) if (line.at >= window.from && line.at < window.to) envelope.logEvents.push({ id: random.digits(56), timestamp: Math.round(line.at), message: line.message });
      }
    }
    const ready = [...envelopes.values()].filter((e) => e.logEvents.length > 0);
    for (const envelope of ready) envelope.logEvents.sort((a, b) => a.timestamp - b.timestamp);
    yield ready;
  }
}

