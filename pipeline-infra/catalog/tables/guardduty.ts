import type { TableDef } from '../types.js';

/** GuardDuty findings as EventBridge "GuardDuty Finding" events, delivered by Firehose. */
export const guarddutyTable: TableDef = {
  name: 'guardduty_findings',
  source: 'guardduty',
  description: 'GuardDuty threat findings: type, severity, affected resource, what was seen',
  format: 'json',
  columns: [
    { name: 'version', type: 'string' },
    { name: 'id', type: 'string', description: 'EventBridge event id' },
    { name: 'detail_type', sourceKey: 'detail-type', type: 'string' },
    { name: 'source', type: 'string' },
    { name: 'account', type: 'string' },
    { name: 'time', type: 'string', description: 'time of the EventBridge event (ISO-8601)' },
    { name: 'region', type: 'string' },
    {
      name: 'detail',
      description: 'the finding',
      type: {
        struct: [
          { name: 'schemaversion', sourceKey: 'schemaVersion', type: 'string' },
          { name: 'accountid', sourceKey: 'accountId', type: 'string' },
          { name: 'region', type: 'string' },
          { name: 'partition', type: 'string' },
          { name: 'id', type: 'string', description: 'finding id' },
          { name: 'arn', type: 'string' },
          { name: 'type', type: 'string', description: 'finding type, e.g. Recon:EC2/PortProbeUnprotectedPort' },
          { name: 'severity', type: 'double', description: '1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical' },
          { name: 'title', type: 'string' },
          { name: 'description', type: 'string' },
          { name: 'createdat', sourceKey: 'createdAt', type: 'string' },
          { name: 'updatedat', sourceKey: 'updatedAt', type: 'string' },
          { name: 'resource', type: 'json', verbose: true, description: 'the affected resource' },
          { name: 'service', type: 'json', verbose: true, description: 'what GuardDuty saw: action, count, first and last seen' },
        ],
      },
    },
  ],
  partitionKeys: [
    { name: 'account_id', role: 'account' },
    { name: 'year', role: 'year' },
    { name: 'month', role: 'month' },
    { name: 'day', role: 'day' },
  ],
  layouts: ['guardduty/account_id={account_id}/year={year}/month={month}/day={day}/'],
  time: { column: 'detail.updatedat', encoding: 'iso_string' },
  accountColumn: 'detail.accountid',
  regionColumn: 'detail.region',
  dedupeKey: 'detail.id',
};
