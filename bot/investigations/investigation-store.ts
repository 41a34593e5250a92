import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { InvestigationJob } from './investigation-job.js';

export interface InvestigationRecord {
  id: string;
  job: InvestigationJob;
  status?: string;
  /** The queries that ran, as JSON (source, engine, SQL, rows, ms). */
  queries?: string;
  feedback?: Record<string, 'up' | 'down'>;
  created_at: string;
  expires_at: number;
}

export interface InvestigationStore {
  save(job: InvestigationJob): Promise<void>;
  get(id: string): Promise<InvestigationRecord | undefined>;
  recordOutcome(id: string, status: string, queries: unknown[]): Promise<void>;
  recordFeedback(id: string, userId: string, kind: 'up' | 'down'): Promise<void>;
  /** Investigations accepted since `since` that never recorded an outcome: a process died running them. */
  unfinished(since: Date): Promise<InvestigationRecord[]>;
}

export class DynamoInvestigationStore implements InvestigationStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, private readonly tableName: string, private readonly ttlDays: number) {
    this.documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async save(job: InvestigationJob): Promise<void> {
    const now = new Date();
    const record: InvestigationRecord = { id: job.id, job, created_at: now.toISOString(), expires_at: Math.floor(now.getTime() / 1000) + this.ttlDays * 86_400 };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: record }));
  }

  async get(id: string): Promise<InvestigationRecord | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }));
    return Item as InvestigationRecord | undefined;
  }

  async recordOutcome(id: string, status: string, queries: unknown[]): Promise<void> {
    await this.documents.send(new UpdateCommand({
      TableName: this.tableName, Key: { id },
      UpdateExpression: 'SET #status = :status, queries = :queries',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status, ':queries': JSON.stringify(queries) },
    }));
  }

  async unfinished(since: Date): Promise<InvestigationRecord[]> {
    const out: InvestigationRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new ScanCommand({
        TableName: this.tableName, ExclusiveStartKey: start,
        FilterExpression: 'attribute_not_exists(#status) AND created_at >= :since',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':since': since.toISOString() },
      }));
      out.push(...((page.Items ?? []) as InvestigationRecord[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  async recordFeedback(id: string, userId: string, kind: 'up' | 'down'): Promise<void> {
    await this.documents.send(new UpdateCommand({
      TableName: this.tableName, Key: { id },
      UpdateExpression: 'SET feedback = if_not_exists(feedback, :empty)',
      ExpressionAttributeValues: { ':empty': {} },
    }));
    await this.documents.send(new UpdateCommand({
      TableName: this.tableName, Key: { id },
      UpdateExpression: 'SET feedback.#user = :kind',
      ExpressionAttributeNames: { '#user': userId },
      ExpressionAttributeValues: { ':kind': kind },
    }));
  }
}
