import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** One item per question asked: what Re-run, Retry, Show SQL and feedback need later. */
export function investigationTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  };
}
