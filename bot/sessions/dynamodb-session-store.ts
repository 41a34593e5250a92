import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NewSession, SessionRecord, SessionStore } from './session-store.js';
import { SESSIONS_BY_USER_INDEX } from './session-table.js';

export interface DynamoSessionStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  ttlDays: number;
  now?: () => Date;
}

/** Sessions in DynamoDB (dynalite underneath when embedded), through the same SDK calls. */
export class DynamoSessionStore implements SessionStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly now: () => Date;

  constructor(private readonly options: DynamoSessionStoreOptions) {
    this.documents = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.now = options.now ?? (() => new Date());
  }

  async get(key: string): Promise<SessionRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.options.tableName, Key: { key }, ConsistentRead: true }));
    return Item && this.isLive(Item as SessionRecord) ? (Item as SessionRecord) : undefined;
  }

  async open(session: NewSession, options: { fresh?: boolean } = {}): Promise<SessionRecord> {
    const now = this.now();
    const record: SessionRecord = {
      ...session,
      session_id: randomUUID(),
      question_count: 0,
      created_at: now.toISOString(),
      last_active_at: now.toISOString(),
      expires_at: this.expiry(now),
    };
    try {
      await this.documents.send(new PutCommand({
        TableName: this.options.tableName,
        Item: record,
        // Two deliveries racing for one thread must end with one session.
        ...(options.fresh ? {} : {
          ConditionExpression: 'attribute_not_exists(#key) OR expires_at < :now',
          ExpressionAttributeNames: { '#key': 'key' },
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
        }),
      }));
      return record;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get(session.key);
      if (!existing) throw new Error(`session ${session.key} vanished while being opened`);
      return existing;
    }
  }

  async recordQuestion(key: string, lastTurn?: string): Promise<SessionRecord> {
    const now = this.now();
    const { Attributes } = await this.documents.send(new UpdateCommand({
      TableName: this.options.tableName,
      Key: { key },
      UpdateExpression: `ADD question_count :one SET last_active_at = :at, expires_at = :expires${lastTurn === undefined ? '' : ', last_turn = :turn'}`,
      ConditionExpression: 'attribute_exists(#key)',
      ExpressionAttributeNames: { '#key': 'key' },
      ExpressionAttributeValues: { ':one': 1, ':at': now.toISOString(), ':expires': this.expiry(now), ...(lastTurn === undefined ? {} : { ':turn': lastTurn }) },
      ReturnValues: 'ALL_NEW',
    }));
    return Attributes as SessionRecord;
  }

  async listForUser(userId: string, limit: number): Promise<SessionRecord[]> {
    const sessions: SessionRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new QueryCommand({
        TableName: this.options.tableName,
        IndexName: SESSIONS_BY_USER_INDEX,
        KeyConditionExpression: 'user_id = :user',
        ExpressionAttributeValues: { ':user': userId },
        ScanIndexForward: false,
        ExclusiveStartKey: startKey,
      }));
      sessions.push(...((page.Items ?? []) as SessionRecord[]).filter((s) => this.isLive(s)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && sessions.length < limit);
    return sessions.slice(0, limit);
  }

  async deleteForUser(userId: string, sessionId: string): Promise<boolean> {
    const owned = (await this.listForUser(userId, Number.MAX_SAFE_INTEGER)).find((s) => s.session_id === sessionId);
    if (!owned) return false;
    try {
      await this.documents.send(new DeleteCommand({
        TableName: this.options.tableName,
        Key: { key: owned.key },
        ConditionExpression: 'session_id = :id AND user_id = :user',
        ExpressionAttributeValues: { ':id': sessionId, ':user': userId },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async ping(): Promise<void> {
    await this.options.client.send(new DescribeTableCommand({ TableName: this.options.tableName }));
  }

  private expiry(from: Date): number {
    return epochSeconds(from) + this.options.ttlDays * 86_400;
  }

  /** dynalite never expires items and DynamoDB expires them lazily: filter on read either way. */
  private isLive(session: SessionRecord): boolean {
    return session.expires_at > epochSeconds(this.now());
  }
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
