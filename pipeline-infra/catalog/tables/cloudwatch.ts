import type { TableDef } from '../types.js';

/**
 * CloudWatch Logs subscription envelopes (owner, logGroup, logStream, logEvents[]), delivered
 * by Firehose with dynamic partitioning; each row of a query is one log event.
 */
export const cloudwatchTable: TableDef = {
  name: 'cloudwatch_logs',
  source: 'cloudwatch',
  description: 'CloudWatch Logs events (application and Lambda logs) by log group',
  format: 'json',
  columns: [
    { name: 'messagetype', sourceKey: 'messageType', type: 'string' },
    { name: 'owner', type: 'string', description: 'account id' },
    { name: 'loggroup', sourceKey: 'logGroup', type: 'string', description: 'e.g. /aws/lambda/checkout' },
    { name: 'logstream', sourceKey: 'logStream', type: 'string' },
    { name: 'subscriptionfilters', sourceKey: 'subscriptionFilters', type: { array: 'string' } },
    {
      name: 'logevents',
      sourceKey: 'logEvents',
      type: { array: { struct: [{ name: 'id', type: 'string' }, { name: 'timestamp', type: 'bigint', description: 'epoch milliseconds' }, { name: 'message', type: 'string' }] } },
    },
  ],
  partitionKeys: [
    { name: 'log_group', role: 'log_group' },
    { name: 'account_id', role: 'account' },
    { name: 'year', role: 'year' },
    { name: 'month', role: 'month' },
  ],
  layouts: ['cloudwatch/log_group={log_group}/account_id={account_id}/year={year}/month={month}/'],
  unnest: { column: 'logevents', alias: 'log_event' },
  time: { column: 'log_event.timestamp', encoding: 'epoch_millis' },
  accountColumn: 'owner',
};

/** Log group names hold slashes; their partition value keeps only path-safe characters. */
export function logGroupPartitionValue(logGroup: string): string {
  return logGroup.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^_+/, '');
}
