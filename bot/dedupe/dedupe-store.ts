import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** First come, first served: a Slack retry or a double click claims a key someone already holds. */
export interface DedupeStore {
  /** True for the first claim of the key within its lifetime, false for every repeat. */
  claim(key: string): Promise<boolean>;
}

const CLAIM_TTL_SECONDS = 3600;

/** Claims as DynamoDB conditional writes, so concurrent deliveries (even on different Lambdas) agree. */
export class DynamoDedupeStore implements DedupeStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, private readonly tableName: string, private readonly now: () => Date = () => new Date()) {
    this.documents = DynamoDBDocumentClient.from(client);
  }

  async claim(key: string): Promise<boolean> {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    try {
      await this.documents.send(new PutCommand({
        TableName: this.tableName,
        Item: { key, expires_at: nowSeconds + CLAIM_TTL_SECONDS },
        // An expired claim (dynalite never deletes by TTL) may be taken again.
        ConditionExpression: 'attribute_not_exists(#key) OR expires_at < :now',
        ExpressionAttributeNames: { '#key': 'key' },
        ExpressionAttributeValues: { ':now': nowSeconds },
      }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
