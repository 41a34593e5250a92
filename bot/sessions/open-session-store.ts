import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StorageEnv } from '../../pipeline-infra/config/env.js';
import { startEmbeddedDynamo } from '../embedded/dynamodb.js';
import { DynamoSessionStore } from './dynamodb-session-store.js';

export interface OpenedSessionStore {
  sessions: DynamoSessionStore;
  /** Where DynamoDB answers: the embedded dynalite, or the configured endpoint. */
  endpoint: string | undefined;
  close(): Promise<void>;
}

/**
 * The session store on DynamoDB. With no endpoint configured it starts the embedded dynalite,
 * persisted under the data directory, and creates the table there (production tables come from
 * serverless.yml); `inMemory` keeps nothing on disk.
 */
export async function openSessionStore(storage: StorageEnv, options: { embedded: boolean; inMemory?: boolean }): Promise<OpenedSessionStore> {
  const embedded = options.embedded && !storage.CIA_DYNAMODB_ENDPOINT ? await startEmbeddedDynamo(options.inMemory ? null : resolve(storage.CIA_DATA_DIR)) : undefined;
  const endpoint = embedded?.endpoint ?? storage.CIA_DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    region: storage.AWS_REGION,
    ...(endpoint ? { endpoint } : {}),
    // dynalite accepts any credentials; real DynamoDB uses the default provider chain.
    ...(embedded ? { credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' } } : {}),
  });
  const sessions = new DynamoSessionStore({ client, tableName: storage.CIA_SESSIONS_TABLE, ttlDays: storage.CIA_SESSION_TTL_DAYS });
  if (embedded) await sessions.ensureTable();
  return {
    sessions,
    endpoint,
    close: async () => {
      client.destroy();
      await embedded?.close();
    },
  };
}
