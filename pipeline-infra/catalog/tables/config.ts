import type { TableDef } from '../types.js';

/** AWS Config configuration items, flattened out of their EventBridge envelopes. */
export const configTable: TableDef = {
  name: 'config_logs',
  source: 'config',
  description: 'AWS Config configuration items: how resources were configured and when they changed',
  format: 'json',
  columns: [
    { name: 'configurationitemversion', sourceKey: 'configurationItemVersion', type: 'string' },
    { name: 'configurationitemcapturetime', sourceKey: 'configurationItemCaptureTime', type: 'string', description: 'ISO-8601 time the change was recorded' },
    { name: 'configurationitemstatus', sourceKey: 'configurationItemStatus', type: 'string', description: 'OK, ResourceDiscovered, ResourceDeleted, ResourceNotRecorded…' },
    { name: 'configurationstateid', sourceKey: 'configurationStateId', type: 'string' },
    { name: 'awsaccountid', sourceKey: 'awsAccountId', type: 'string' },
    { name: 'resourcetype', sourceKey: 'resourceType', type: 'string', description: 'e.g. AWS::EC2::SecurityGroup' },
    { name: 'resourceid', sourceKey: 'resourceId', type: 'string' },
    { name: 'resourcename', sourceKey: 'resourceName', type: 'string' },
    { name: 'arn', sourceKey: 'ARN', type: 'string' },
    { name: 'awsregion', sourceKey: 'awsRegion', type: 'string' },
    { name: 'availabilityzone', sourceKey: 'availabilityZone', type: 'string' },
    { name: 'resourcecreationtime', sourceKey: 'resourceCreationTime', type: 'string' },
    { name: 'configuration', type: 'json', verbose: true, description: 'the resource\'s configuration as JSON' },
    { name: 'supplementaryconfiguration', sourceKey: 'supplementaryConfiguration', type: 'json', verbose: true },
    { name: 'tags', type: 'json' },
    { name: 'relationships', type: 'json', verbose: true },
  ],
  partitionKeys: [
    { name: 'account_id', role: 'account' },
    { name: 'year', role: 'year' },
    { name: 'month', role: 'month' },
    { name: 'day', role: 'day' },
  ],
  layouts: ['config/account_id={account_id}/year={year}/month={month}/day={day}/'],
  time: { column: 'configurationitemcapturetime', encoding: 'iso_string' },
  accountColumn: 'awsaccountid',
  regionColumn: 'awsregion',
};
