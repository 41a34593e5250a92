import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Claims of Slack deliveries (event ids, trigger ids), kept an hour: Slack's last retry comes after about 5 minutes. */
export function dedupeTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
  };
}
