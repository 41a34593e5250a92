import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { StorageEnv } from '../../pipeline-infra/config/env.js';
import { DynamoAlertStore } from '../alerts/alert-store.js';
import { alertTableDefinition } from '../alerts/alert-table.js';
import { dedupeTableDefinition } from '../dedupe/dedupe-table.js';
import { DynamoDedupeStore } from '../dedupe/dedupe-store.js';
import { investigationTableDefinition } from '../investigations/investigation-table.js';
import { DynamoInvestigationStore } from '../investigations/investigation-store.js';
import { DynamoSessionStore } from '../sessions/dynamodb-session-store.js';
import { sessionTableDefinition } from '../sessions/session-table.js';
import { ensureTable } from './ensure-table.js';

export interface Storage {
  sessions: DynamoSessionStore;
  dedupe: DynamoDedupeStore;
  investigations: DynamoInvestigationStore;
  alerts: DynamoAlertStore;
  /** The client behind them all, for a function's own tables (the alerts function's idempotency records) and for tracing. */
  client: DynamoDBClient;
  /** Where DynamoDB answers: the embedded dynalite, or the configured endpoint. */
  endpoint: string | undefined;
  close(): Promise<void>;
}

/**
 * The bot's DynamoDB tables. With no endpoint configured and `embedded` set, it starts dynalite
 * in this process, persisted under the data directory (`inMemory`: nothing on disk), and creates
 * the tables; production tables come from serverless.yml.
 */
export async function openStorage(storage: StorageEnv, options: { embedded: boolean; inMemory?: boolean }): Promise<Storage> {
  // Loaded on use: dynalite is a local stand-in, never shipped in a Lambda bundle.
  const embedded = options.embedded && !storage.CIA_DYNAMODB_ENDPOINT ? await (await import('../embedded/dynamodb.js')).startEmbeddedDynamo(options.inMemory ? null : resolve(storage.CIA_DATA_DIR)) : undefined;
  const endpoint = embedded?.endpoint ?? storage.CIA_DYNAMODB_ENDPOINT;
  const client = new DynamoDBClient({
    region: storage.AWS_REGION,
    ...(endpoint ? { endpoint } : {}),
    // dynalite accepts any credentials; real DynamoDB uses the default provider chain.
    ...(embedded ? { credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' } } : {}),
  });
  if (embedded) {
    for (const definition of [sessionTableDefinition(storage.CIA_SESSIONS_TABLE), dedupeTableDefinition(storage.CIA_DEDUPE_TABLE), investigationTableDefinition(storage.CIA_INVESTIGATIONS_TABLE), alertTableDefinition(storage.CIA_ALERTS_TABLE)]) {
      await ensureTable(client, definition);
    }
  }
  return {
    sessions: new DynamoSessionStore({ client, tableName: storage.CIA_SESSIONS_TABLE, ttlDays: storage.CIA_SESSION_TTL_DAYS }),
    dedupe: new DynamoDedupeStore(client, storage.CIA_DEDUPE_TABLE),
    investigations: new DynamoInvestigationStore(client, storage.CIA_INVESTIGATIONS_TABLE, storage.CIA_SESSION_TTL_DAYS),
    alerts: new DynamoAlertStore(client, storage.CIA_ALERTS_TABLE),
    client,
    endpoint,
    close: async () => {
      client.destroy();
      await embedded?.close();
    },
  };
}
