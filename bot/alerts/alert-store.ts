import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AlertRecord } from './alert-record.js';

export interface AlertStore {
  get(fingerprint: string): Promise<AlertRecord | undefined>;
  /**
   * Writes `record` if the stored version is still `record.version` (or there is none for
   * version 0), storing it as version + 1; false when someone else wrote first.
   */
  put(record: AlertRecord): Promise<AlertRecord | false>;
}

/** Fingerprints are kept this long after their last change, so a snooze or a re-open can find them. */
const TTL_DAYS = 30;

export class DynamoAlertStore implements AlertStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, private readonly tableName: string) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
  }

  async get(fingerprint: string): Promise<AlertRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { fingerprint }, ConsistentRead: true }));
    return Item as AlertRecord | undefined;
  }

  async put(record: AlertRecord): Promise<AlertRecord | false> {
    const stored: AlertRecord = { ...record, version: record.version + 1, expires_at: Math.floor(Date.now() / 1000) + TTL_DAYS * 86_400 };
    try {
      await this.documents.send(new PutCommand({
        TableName: this.tableName,
        Item: stored,
        ...(record.version === 0
          ? { ConditionExpression: 'attribute_not_exists(fingerprint)' }
          : { ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': record.version } }),
      }));
      return stored;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/**
 * Read, change, write under the version check, again on a lost race: every change to an alert's
 * record goes through here, so two handlers never overwrite each other.
 */
export async function updateAlertRecord<T>(
  store: AlertStore,
  fingerprint: string,
  change: (record: AlertRecord | undefined) => { record: AlertRecord; result: T } | null,
  attempts = 8,
): Promise<{ record: AlertRecord; result: T } | null> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = await store.get(fingerprint);
    const changed = change(current);
    if (!changed) return null;
    const stored = await store.put({ ...changed.record, version: current?.version ?? 0 });
    if (stored) return { record: stored, result: changed.result };
    await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * (attempt + 1)));
  }
  throw new Error(`alert ${fingerprint}: gave up after ${attempts} conflicting writes`);
}
