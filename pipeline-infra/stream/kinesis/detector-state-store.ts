import { gunzipSync, gzipSync } from 'node:zlib';
import { ConditionalCheckFailedException, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DetectorState } from '../detector.js';

/**
 * Where the detector's state outlives a tumbling window (Lambda resets the window state at every
 * new window). States are saved as generations: a save writes a whole new generation, then
 * points the key's head item at it, so a reader never sees a half-written state, and the head
 * moves only from the generation the saver started from (optimistic concurrency).
 */
export interface StoredDetectorState {
  state: DetectorState;
  generation: number;
  /** Who saved it (`SaveOptions.writer`). */
  writer: string;
}

export interface SaveOptions {
  /** The generation the new state was computed from: what `load` returned, 0 for none. */
  basedOn: number;
  /**
   * Names the saving run. A retried save (same writer, same basedOn) that finds its own earlier
   * attempt committed succeeds with that generation instead of failing as stale.
   */
  writer: string;
}

export interface DetectorStateStore {
  /** The key's current state, or null when none was saved (or it expired). */
  load(key: string): Promise<StoredDetectorState | null>;
  /** Saves a new generation and returns its number; throws `StaleDetectorStateError` when another save moved the key first. */
  save(key: string, state: DetectorState, options: SaveOptions): Promise<number>;
  /** Removes the key's state; chunks a failure leaves behind expire. */
  discard(key: string): Promise<void>;
}

export class StaleDetectorStateError extends Error {
  constructor(readonly key: string, readonly basedOn: number, readonly current: number, readonly currentWriter: string) {
    super(`detector state ${key}: this save started from generation ${basedOn}, but generation ${current} (saved by ${currentWriter}) is current: another invocation for the same shard saved first`);
    this.name = 'StaleDetectorStateError';
  }
}

export const DETECTOR_STATE_TTL_ATTRIBUTE = 'expires_at';

/** One partition per key (a shard, or a window's spilled state): a head item and the chunks of its generations. */
export function detectorStateTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  };
}

export interface DynamoDetectorStateStoreOptions {
  /** Items expire this long after their last save, so abandoned shards (after a reshard) go away. */
  ttlDays?: number;
  /** Bytes of gzip per chunk item; DynamoDB items stop at 400 KB. */
  chunkBytes?: number;
  now?: () => number;
}

const HEAD = 'head';
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const generationPrefix = (generation: number) => `gen#${pad(generation, 10)}#`;
const chunkKey = (generation: number, chunk: number) => `${generationPrefix(generation)}${pad(chunk, 4)}`;

interface HeadItem {
  generation?: number;
  chunks?: number;
  writer?: string;
  based_on?: number;
  expires_at?: number;
}

/** The state as JSON, gzipped, in chunks of at most 350 KB binary attributes. */
export class DynamoDetectorStateStore implements DetectorStateStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly ttlSeconds: number;
  private readonly chunkBytes: number;
  private readonly now: () => number;

  constructor(client: DynamoDBClient, private readonly tableName: string, options: DynamoDetectorStateStoreOptions = {}) {
    this.documents = DynamoDBDocumentClient.from(client);
    this.ttlSeconds = (options.ttlDays ?? 14) * 86_400;
    this.chunkBytes = options.chunkBytes ?? 350_000;
    this.now = options.now ?? Date.now;
  }

  async load(key: string): Promise<StoredDetectorState | null> {
    // A head read just before another save's cleanup may point at chunks being deleted: read again.
    for (let attempt = 0; ; attempt++) {
      const head = await this.head(key);
      if (head?.generation === undefined || (head.expires_at ?? Infinity) < this.nowSeconds()) return null;
      const chunks = await this.chunks(key, head.generation);
      if (chunks.length === head.chunks) {
        const state = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as DetectorState;
        return { state, generation: head.generation, writer: head.writer ?? '' };
      }
      const again = await this.head(key);
      if (again?.generation === head.generation || attempt >= 2) throw new Error(`detector state ${key}: generation ${head.generation} has ${chunks.length} of its ${head.chunks} chunks`);
    }
  }

  async save(key: string, state: DetectorState, { basedOn, writer }: SaveOptions): Promise<number> {
    const gz = gzipSync(JSON.stringify(state));
    const now = this.nowSeconds();
    const expiresAt = now + this.ttlSeconds;
    // A generation number of its own, so concurrent savers never write the same chunk items.
    const { Attributes } = await this.documents.send(new UpdateCommand({
      TableName: this.tableName,
      Key: { pk: key, sk: HEAD },
      UpdateExpression: 'SET #ttl = if_not_exists(#ttl, :ttl) ADD #next :one',
      ExpressionAttributeNames: { '#next': 'next_generation', '#ttl': DETECTOR_STATE_TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':ttl': expiresAt },
      ReturnValues: 'UPDATED_NEW',
    }));
    const generation = Attributes!.next_generation as number;
    const count = Math.max(1, Math.ceil(gz.length / this.chunkBytes));
    await Promise.all(Array.from({ length: count }, (_, i) => this.documents.send(new PutCommand({
      TableName: this.tableName,
      Item: { pk: key, sk: chunkKey(generation, i), data: gz.subarray(i * this.chunkBytes, (i + 1) * this.chunkBytes), chunks: count, [DETECTOR_STATE_TTL_ATTRIBUTE]: expiresAt },
    }))));
    let previous: HeadItem | undefined;
    try {
      const result = await this.documents.send(new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: key, sk: HEAD },
        UpdateExpression: 'SET #gen = :gen, #chunks = :chunks, #bytes = :bytes, #writer = :writer, #basedOn = :basedOn, #ttl = :ttl',
        // An expired head (TTL deletes lazily) counts as none.
        ConditionExpression: basedOn === 0 ? 'attribute_not_exists(#gen) OR #ttl < :now' : '#gen = :basedOn',
        ExpressionAttributeNames: { '#gen': 'generation', '#chunks': 'chunks', '#bytes': 'bytes', '#writer': 'writer', '#basedOn': 'based_on', '#ttl': DETECTOR_STATE_TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':gen': generation, ':chunks': count, ':bytes': gz.length, ':writer': writer, ':basedOn': basedOn, ':ttl': expiresAt, ...(basedOn === 0 ? { ':now': now } : {}) },
        ReturnValues: 'UPDATED_OLD',
      }));
      previous = result.Attributes as HeadItem | undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      await this.deleteGeneration(key, generation, count);
      const head = await this.head(key);
      // A retry of a save that did commit: its generation stands.
      if (head?.writer === writer && head.based_on === basedOn && head.generation !== undefined) return head.generation;
      throw new StaleDetectorStateError(key, basedOn, head?.generation ?? 0, head?.writer ?? 'nobody');
    }
    if (previous?.generation !== undefined) await this.deleteGeneration(key, previous.generation, previous.chunks ?? 0);
    return generation;
  }

  async discard(key: string): Promise<void> {
    // The head first: from then on readers see no state, whatever chunks remain.
    const { Attributes } = await this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: key, sk: HEAD }, ReturnValues: 'ALL_OLD' }));
    const head = Attributes as HeadItem | undefined;
    if (head?.generation !== undefined) await this.deleteGeneration(key, head.generation, head.chunks ?? 0);
  }

  private nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private async head(key: string): Promise<HeadItem | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { pk: key, sk: HEAD }, ConsistentRead: true }));
    return Item as HeadItem | undefined;
  }

  private async chunks(key: string, generation: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': key, ':prefix': generationPrefix(generation) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }));
      for (const item of page.Items ?? []) out.push(item.data as Uint8Array);
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Best effort: what is left expires with its TTL. */
  private async deleteGeneration(key: string, generation: number, chunks: number): Promise<void> {
    await Promise.allSettled(Array.from({ length: chunks }, (_, i) => this.documents.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: key, sk: chunkKey(generation, i) } }))));
  }
}
