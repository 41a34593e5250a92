import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const SESSION_TTL_ATTRIBUTE = 'expires_at';
export const SESSIONS_BY_USER_INDEX = 'by_user';

/** The sessions table (DESIGN §3.6): one item per thread, a GSI to list a user's sessions. */
export function sessionTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'key', AttributeType: 'S' },
      { AttributeName: 'user_id', AttributeType: 'S' },
      { AttributeName: 'last_active_at', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: SESSIONS_BY_USER_INDEX,
        KeySchema: [
          { AttributeName: 'user_id', KeyType: 'HASH' },
          { AttributeName: 'last_active_at', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}
