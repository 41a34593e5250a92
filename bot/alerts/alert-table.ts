import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** One item per alert fingerprint: its Slack message and what people did to it. */
export function alertTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'fingerprint', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'fingerprint', KeyType: 'HASH' }],
  };
}
