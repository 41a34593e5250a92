import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context, SNSEventRecord } from 'aws-lambda';

/** Powertools' default attribute names: the key, and the expiry DynamoDB's TTL deletes by (epoch seconds). */
export const IDEMPOTENCY_KEY_ATTRIBUTE = 'id';
export const IDEMPOTENCY_TTL_ATTRIBUTE = 'expiration';

/**
 * SNS retries a delivery to Lambda for up to 23 days (100,015 attempts), and Lambda retries a
 * failed asynchronous invocation for up to 6 hours: a message's record outlives both by a day.
 */
export const IDEMPOTENCY_EXPIRY_SECONDS = 24 * 24 * 60 * 60;

/** The table of idempotency records, as serverless.yml declares it (with TTL on `expiration`). */
export function idempotencyTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_KEY_ATTRIBUTE, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: IDEMPOTENCY_KEY_ATTRIBUTE, KeyType: 'HASH' }],
  };
}

export interface OncePerMessage<R> {
  process(record: SNSEventRecord): Promise<R>;
  /** The invocation's deadline bounds an in-progress record: a delivery that dies mid-way does not block the next one. */
  registerLambdaContext(context: Context): void;
}

/**
 * `processRecord` run at most once per SNS message, with Powertools' DynamoDB idempotency: a
 * delivery claims the message with a conditional write, so a redelivery, even one that arrives
 * while the first is still running, never posts or edits again. A concurrent one fails with
 * IdempotencyAlreadyInProgressError and is retried later, when it gets the first one's result
 * (what was done) from the record; a failed one releases its claim.
 *
 * The key is the message's body rather than its MessageId: SNS redelivers a message under the
 * same id and body, and the detector, when its Kinesis batch is retried, publishes the same
 * alert again under a new id with the same body. An alert that says anything new (a count, a
 * time, a phase, a severity) has a new body, so no update is lost.
 */
export function oncePerMessage<R extends string>(
  processRecord: (record: SNSEventRecord) => Promise<R>,
  options: { client: DynamoDBClient; tableName: string; onRepeat?: (result: R) => void },
): OncePerMessage<R> {
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'Sns.Message',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: IDEMPOTENCY_EXPIRY_SECONDS,
    responseHook: (response) => {
      options.onRepeat?.(response as R);
      return response;
    },
  });
  const process = makeIdempotent(processRecord, {
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: options.tableName, awsSdkV3Client: options.client }),
    config,
    keyPrefix: 'sns-message',
  });
  return { process, registerLambdaContext: (context) => config.registerLambdaContext(context) };
}
