import type { FirehoseTransformationEvent, FirehoseTransformationEventRecord, FirehoseTransformationResult, FirehoseTransformationResultRecord } from 'aws-lambda';
import { flattenConfigEvent } from './flatten-config-event.js';

/**
 * The Firehose transformation Lambda of the `config` delivery stream (deployed by the lake stack):
 * each record is one EventBridge "Config Configuration Item Change" event; the output is one flat
 * configuration item per line with its `config_logs` partition keys for dynamic partitioning.
 * Oversized-item notifications are Dropped (the item is not in them); anything else it cannot
 * file is ProcessingFailed, so Firehose keeps it under the stream's error prefix.
 */
export async function handler(event: FirehoseTransformationEvent): Promise<FirehoseTransformationResult> {
  return { records: event.records.map(transformRecord) };
}

function transformRecord(record: FirehoseTransformationEventRecord): FirehoseTransformationResultRecord {
  let event: unknown;
  try {
    event = JSON.parse(Buffer.from(record.data, 'base64').toString('utf8'));
  } catch (error) {
    return unfiled(record, 'ProcessingFailed', `not JSON (${(error as Error).message})`);
  }
  const flattened = flattenConfigEvent(event);
  switch (flattened.outcome) {
    case 'item':
      return {
        recordId: record.recordId,
        result: 'Ok',
        // One item per line: Athena's JSON SerDe and the local lake read newline-delimited JSON.
        data: Buffer.from(`${JSON.stringify(flattened.item)}\n`, 'utf8').toString('base64'),
        metadata: { partitionKeys: flattened.partitionKeys },
      };
    case 'oversized':
      return unfiled(record, 'Dropped', flattened.reason);
    case 'rejected':
      return unfiled(record, 'ProcessingFailed', flattened.reason);
  }
}

function unfiled(record: FirehoseTransformationEventRecord, result: 'Dropped' | 'ProcessingFailed', reason: string): FirehoseTransformationResultRecord {
  // Firehose keeps no reason: the function's log does.
  console.warn(`config-transform: ${result} record ${record.recordId}: ${reason}`);
  return { recordId: record.recordId, result, data: record.data };
}
