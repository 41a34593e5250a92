import type { ColumnDef, TableDef } from '../types.js';

const sessionIssuer: ColumnDef[] = [
  { name: 'type', type: 'string' },
  { name: 'principalid', sourceKey: 'principalId', type: 'string' },
  { name: 'arn', type: 'string' },
  { name: 'accountid', sourceKey: 'accountId', type: 'string' },
  { name: 'username', sourceKey: 'userName', type: 'string', description: 'name of the role or user that issued the session' },
];

/** CloudTrail events, with the columns of AWS's own Athena DDL for CloudTrail. */
export const cloudtrailTable: TableDef = {
  name: 'cloudtrail_logs',
  source: 'cloudtrail',
  description: 'AWS API calls recorded by CloudTrail: who called which API, when, from where, with what result',
  format: 'json',
  columns: [
    { name: 'eventversion', sourceKey: 'eventVersion', type: 'string' },
    {
      name: 'useridentity',
      sourceKey: 'userIdentity',
      description: 'who made the call',
      type: {
        struct: [
          { name: 'type', type: 'string', description: 'IAMUser, AssumedRole, Root, AWSService, FederatedUser, AWSAccount' },
          { name: 'principalid', sourceKey: 'principalId', type: 'string' },
          { name: 'arn', type: 'string', description: 'ARN of the caller (for roles: the assumed-role session ARN)' },
          { name: 'accountid', sourceKey: 'accountId', type: 'string' },
          { name: 'invokedby', sourceKey: 'invokedBy', type: 'string', description: 'the AWS service that made the call on the caller\'s behalf' },
          { name: 'accesskeyid', sourceKey: 'accessKeyId', type: 'string' },
          { name: 'username', sourceKey: 'userName', type: 'string', description: 'IAM user name (IAMUser and Root callers)' },
          {
            name: 'sessioncontext',
            sourceKey: 'sessionContext',
            type: {
              struct: [
                { name: 'attributes', type: { struct: [{ name: 'mfaauthenticated', sourceKey: 'mfaAuthenticated', type: 'string' }, { name: 'creationdate', sourceKey: 'creationDate', type: 'string' }] } },
                { name: 'sessionissuer', sourceKey: 'sessionIssuer', type: { struct: sessionIssuer } },
                { name: 'sourceidentity', sourceKey: 'sourceIdentity', type: 'string' },
              ],
            },
          },
        ],
      },
    },
    { name: 'eventtime', sourceKey: 'eventTime', type: 'string', description: 'ISO-8601 UTC time of the call' },
    { name: 'eventsource', sourceKey: 'eventSource', type: 'string', description: 'service endpoint, e.g. ec2.amazonaws.com' },
    { name: 'eventname', sourceKey: 'eventName', type: 'string', description: 'API action, e.g. RunInstances' },
    { name: 'awsregion', sourceKey: 'awsRegion', type: 'string' },
    { name: 'sourceipaddress', sourceKey: 'sourceIPAddress', type: 'string', description: 'caller IP address, or the AWS service name' },
    { name: 'useragent', sourceKey: 'userAgent', type: 'string' },
    { name: 'errorcode', sourceKey: 'errorCode', type: 'string', description: 'set when the call failed; NULL means success' },
    { name: 'errormessage', sourceKey: 'errorMessage', type: 'string' },
    { name: 'requestparameters', sourceKey: 'requestParameters', type: 'json', verbose: true, description: 'the request as JSON' },
    { name: 'responseelements', sourceKey: 'responseElements', type: 'json', verbose: true, description: 'the response as JSON' },
    { name: 'additionaleventdata', sourceKey: 'additionalEventData', type: 'json', verbose: true },
    { name: 'requestid', sourceKey: 'requestID', type: 'string' },
    { name: 'eventid', sourceKey: 'eventID', type: 'string' },
    { name: 'readonly', sourceKey: 'readOnly', type: 'string', description: "'true' for read-only calls" },
    {
      name: 'resources',
      type: { array: { struct: [{ name: 'arn', sourceKey: 'ARN', type: 'string' }, { name: 'accountid', sourceKey: 'accountId', type: 'string' }, { name: 'type', type: 'string' }] } },
    },
    { name: 'eventtype', sourceKey: 'eventType', type: 'string', description: 'AwsApiCall, AwsConsoleSignIn, AwsServiceEvent…' },
    { name: 'apiversion', sourceKey: 'apiVersion', type: 'string' },
    { name: 'recipientaccountid', sourceKey: 'recipientAccountId', type: 'string', description: 'the account the event belongs to' },
    { name: 'serviceeventdetails', sourceKey: 'serviceEventDetails', type: 'json', verbose: true },
    { name: 'sharedeventid', sourceKey: 'sharedEventID', type: 'string' },
    { name: 'vpcendpointid', sourceKey: 'vpcEndpointId', type: 'string' },
    {
      name: 'tlsdetails',
      sourceKey: 'tlsDetails',
      type: { struct: [{ name: 'tlsversion', sourceKey: 'tlsVersion', type: 'string' }, { name: 'ciphersuite', sourceKey: 'cipherSuite', type: 'string' }, { name: 'clientprovidedhostheader', sourceKey: 'clientProvidedHostHeader', type: 'string' }] },
    },
  ],
  partitionKeys: [
    { name: 'account_id', role: 'account' },
    { name: 'region', role: 'region' },
    { name: 'year', role: 'year' },
    { name: 'month', role: 'month' },
    { name: 'day', role: 'day' },
  ],
  layouts: [
    'cloudtrail/AWSLogs/{account_id}/CloudTrail/{region}/{year}/{month}/{day}/',
    'cloudtrail/AWSLogs/{organization_id}/{account_id}/CloudTrail/{region}/{year}/{month}/{day}/',
  ],
  time: { column: 'eventtime', encoding: 'iso_string' },
  accountColumn: 'recipientaccountid',
  regionColumn: 'awsregion',
  dedupeKey: 'eventid',
};
