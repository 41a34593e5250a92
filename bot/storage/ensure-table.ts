import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Creates a table when it does not exist and waits until it is ACTIVE: for the embedded
 * default only; production tables come from serverless.yml.
 */
export async function ensureTable(client: DynamoDBClient, definition: CreateTableCommandInput, timeoutMs = 10_000): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(definition));
  // A new table is CREATING for a moment, even on dynalite; writes before ACTIVE fail.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: definition.TableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${definition.TableName} is still ${Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
