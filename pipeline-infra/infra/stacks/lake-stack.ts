import { cloudtrailTable } from '../../catalog/tables/cloudtrail.js';
import { cloudwatchTable } from '../../catalog/tables/cloudwatch.js';
import { configTable } from '../../catalog/tables/config.js';
import { curTable } from '../../catalog/tables/cur.js';
import { flowlogsTable } from '../../catalog/tables/flowlogs.js';
import { guarddutyTable } from '../../catalog/tables/guardduty.js';
import type { PartitionKey, PartitionRole, TableDef } from '../../catalog/types.js';
import { LAKE_FILE_FORMAT } from '../../lake/layout.js';
import { allow, getAtt, jsonSub, policyDocument, policyValue, ref, serviceRole, sub, type Parameter, type PolicyStatement, type Resource, type Template, type Value } from '../cloudformation.js';
import { curExportLocation, firehoseErrorPrefix, firehosePrefix, flowLogFolder, organizationTrailPrefix, tableFolder } from '../delivery-paths.js';
import { FORWARDED_EVENTS } from '../forwarded-events.js';
import {
  MANAGEMENT_REGION,
  ORGANIZATION_ID_PARAMETER,
  pipelineNames,
  senderPrincipal,
  sendersOf,
  serviceSourceCondition,
  type PipelineNames,
  type PipelineSettings,
  type Senders,
} from '../pipeline-settings.js';

const LAKE_BUCKET = 'LakeBucket';
/** Where each account's AWS Config delivery channel writes (snapshots, history, oversized items); no table reads it. */
const CONFIG_DELIVERY_FOLDER = 'config-delivery';

/** The lake's three Firehose streams, one per table Firehose writes. */
const STREAMS = {
  cloudwatch: { table: cloudwatchTable, resource: 'CloudwatchDeliveryStream' },
  config: { table: configTable, resource: 'ConfigDeliveryStream' },
  guardduty: { table: guarddutyTable, resource: 'GuarddutyDeliveryStream' },
} as const;
type StreamSource = keyof typeof STREAMS;

/** The log group's name as the catalog files it (`logGroupPartitionValue`): path-safe characters only, no leading `_`. */
export const CLOUDWATCH_PARTITION_QUERY = '{logGroup: (.logGroup | gsub("[^A-Za-z0-9._-]"; "_") | sub("^_+"; "")), owner: .owner}';

/**
 * GuardDuty findings are filed as the lake writer files them: the finding's account
 * (`detail.accountId`, else the event's) and the day of `detail.updatedAt` (else the event's time).
 */
const GUARDDUTY_KEY_QUERIES: Partial<Record<PartitionRole, string>> = {
  account: '(.detail.accountId // .account)',
  year: '((.detail.updatedAt // .time)[0:4])',
  month: '((.detail.updatedAt // .time)[5:7])',
  day: '((.detail.updatedAt // .time)[8:10])',
};
export const GUARDDUTY_PARTITION_QUERY = `{${guarddutyTable.partitionKeys.map((key) => `${key.name}: ${required(GUARDDUTY_KEY_QUERIES, key)}`).join(', ')}}`;

/**
 * The lake account's stack, deployed once in the lake's home region: the bucket every delivery
 * writes into, the three Firehose streams with their transform function, the event bus member
 * accounts forward Config and GuardDuty events to, and the CloudWatch Logs destination their
 * account-level subscriptions point at.
 */
export function lakeStack(settings: PipelineSettings): Template {
  const names = pipelineNames(settings.stage);
  const senders = sendersOf(settings);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `cia ${settings.stage}: the data lake (S3 bucket, Firehose streams, Config transform, event bus, CloudWatch Logs destination). Deploy once, in the lake account's home region.`,
    Parameters: lakeParameters(settings),
    Resources: {
      ...lakeBucketResources(names, senders),
      ...firehoseLogResources(names),
      ...configTransformResources(names),
      ...deliveryStreamResources(names),
      ...eventBusResources(names, senders),
      LogsToFirehoseRole: serviceRole({
        service: 'logs.amazonaws.com',
        description: 'CloudWatch Logs delivers subscribed log events from the member accounts into the cloudwatch stream',
        roleName: names.logsToFirehoseRole,
        statements: [allow(['firehose:PutRecord', 'firehose:PutRecordBatch'], [getAtt(STREAMS.cloudwatch.resource, 'Arn')])],
        trustCondition: logsTrustCondition(senders),
      }),
      CloudWatchLogsDestination: logsDestination(names, senders, { targetArn: getAtt(STREAMS.cloudwatch.resource, 'Arn'), roleArn: getAtt('LogsToFirehoseRole', 'Arn') }),
    },
    Outputs: {
      LakeBucketName: { Description: `the lake bucket (also in SSM ${names.lakeBucketParameter})`, Value: ref(LAKE_BUCKET) },
      LakeEventBusArn: { Description: 'member accounts forward Config and GuardDuty events here', Value: getAtt('LakeEventBus', 'Arn') },
      LogsDestinationArn: { Description: "this region's CloudWatch Logs destination for the member accounts' subscriptions", Value: getAtt('CloudWatchLogsDestination', 'Arn') },
    },
  };
}

function lakeParameters(settings: PipelineSettings): Record<string, Parameter> {
  return {
    [ORGANIZATION_ID_PARAMETER]: {
      Type: 'String',
      Description: 'the AWS Organizations id: its organization trail writes under cloudtrail/AWSLogs/<this id>/' + (settings.sourceAccounts ? '' : '; only its accounts may deliver'),
      AllowedPattern: '^o-[a-z0-9]{10,32}$',
      ConstraintDescription: 'an organization id: o- and 10-32 lower-case letters or digits',
      ...(settings.orgId ? { Default: settings.orgId } : {}),
    },
    ManagementAccountId: {
      Type: 'String',
      Description: 'the management (payer) account, where the management stack runs the organization trail and the CUR export',
      AllowedPattern: '^\\d{12}$',
      ConstraintDescription: 'a 12-digit account id',
    },
    RetentionDays: { Type: 'Number', Description: 'days an object is kept in the lake before it expires', Default: 400, MinValue: 1 },
    ConfigTransformCodeBucket: { Type: 'String', Description: 'S3 bucket (in this region) holding the zipped config-transform bundle that `cia infra synth` writes' },
    ConfigTransformCodeKey: { Type: 'String', Description: 'S3 key of that zip; a new key per build makes CloudFormation update the function' },
  };
}

function lakeBucketResources(names: PipelineNames, senders: Senders): Record<string, Resource> {
  const bucketArn = getAtt(LAKE_BUCKET, 'Arn');
  const objects = (path: string) => sub(`\${${LAKE_BUCKET}.Arn}/${path}`);
  const acl = { 's3:x-amz-acl': 'bucket-owner-full-control' };
  const trailArn = sub(`arn:\${AWS::Partition}:cloudtrail:${MANAGEMENT_REGION}:\${ManagementAccountId}:trail/${names.organizationTrail}`);
  const trailFolder = organizationTrailPrefix(cloudtrailTable);
  const cur = curExportLocation(curTable);
  const source = serviceSourceCondition(senders);
  const service = (principal: string) => ({ Service: principal });
  const dataExport = {
    StringLike: { 'aws:SourceArn': sub(`arn:\${AWS::Partition}:bcm-data-exports:${MANAGEMENT_REGION}:\${ManagementAccountId}:export/*`) },
    StringEquals: { 'aws:SourceAccount': ref('ManagementAccountId') },
  };
  const statements: PolicyStatement[] = [
    // The one wildcard action in the templates: a Deny, so it only narrows. Narrower lists would
    // leave actions reachable without TLS, and S3's TLS check (s3-bucket-ssl-requests-only) wants s3:*.
    { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [bucketArn, objects('*')], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    { Sid: 'CloudTrailAclCheck', Effect: 'Allow', Principal: service('cloudtrail.amazonaws.com'), Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
    {
      Sid: 'CloudTrailOrganizationTrailWrite',
      Effect: 'Allow',
      Principal: service('cloudtrail.amazonaws.com'),
      Action: 's3:PutObject',
      Resource: [objects(`${trailFolder}/AWSLogs/\${ManagementAccountId}/*`), objects(`${trailFolder}/AWSLogs/\${${ORGANIZATION_ID_PARAMETER}}/*`)],
      Condition: { StringEquals: { ...acl, 'aws:SourceArn': trailArn } },
    },
    { Sid: 'ConfigBucketCheck', Effect: 'Allow', Principal: service('config.amazonaws.com'), Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucketArn, Condition: source },
    {
      Sid: 'ConfigDeliveryChannelWrite',
      Effect: 'Allow',
      Principal: service('config.amazonaws.com'),
      Action: 's3:PutObject',
      Resource: objects(`${CONFIG_DELIVERY_FOLDER}/AWSLogs/*/Config/*`),
      Condition: { StringEquals: { ...acl, ...source.StringEquals } },
    },
    { Sid: 'FlowLogsBucketCheck', Effect: 'Allow', Principal: service('delivery.logs.amazonaws.com'), Action: ['s3:GetBucketAcl', 's3:ListBucket'], Resource: bucketArn, Condition: source },
    {
      Sid: 'FlowLogsWrite',
      Effect: 'Allow',
      Principal: service('delivery.logs.amazonaws.com'),
      Action: 's3:PutObject',
      Resource: objects(`${flowLogFolder(flowlogsTable)}/AWSLogs/*`),
      Condition: { StringEquals: { ...acl, ...source.StringEquals } },
    },
    { Sid: 'DataExportsPolicyCheck', Effect: 'Allow', Principal: service('bcm-data-exports.amazonaws.com'), Action: 's3:GetBucketPolicy', Resource: bucketArn, Condition: dataExport },
    { Sid: 'DataExportsWrite', Effect: 'Allow', Principal: service('bcm-data-exports.amazonaws.com'), Action: 's3:PutObject', Resource: objects(`${cur.prefix}/${cur.exportName}/*`), Condition: dataExport },
  ];
  return {
    [LAKE_BUCKET]: {
      Type: 'AWS::S3::Bucket',
      // The lake is the organization's evidence: deleting the stack keeps it.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketName: sub(names.lakeBucket('AWS::AccountId', 'AWS::Region')),
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [
            {
              Id: 'retention',
              Status: 'Enabled',
              ExpirationInDays: ref('RetentionDays'),
              // Overwritten CUR files and expired objects leave old versions: they go after 30 days.
              NoncurrentVersionExpiration: { NoncurrentDays: 30 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            },
          ],
        },
      },
    },
    LakeBucketPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: ref(LAKE_BUCKET), PolicyDocument: policyValue(policyDocument(...statements)) } },
    LakeBucketNameParameter: {
      Type: 'AWS::SSM::Parameter',
      Properties: { Name: names.lakeBucketParameter, Type: 'String', Value: ref(LAKE_BUCKET), Description: `cia ${names.prefix}: the lake bucket, read by the Lambda stack` },
    },
  };
}

/** Firehose's own delivery errors (S3 access, Lambda failures) are logged here, one log stream per delivery stream. */
function firehoseLogResources(names: PipelineNames): Record<string, Resource> {
  const resources: Record<string, Resource> = {
    FirehoseLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: names.firehoseLogGroup, RetentionInDays: 30 } },
  };
  for (const source of Object.keys(STREAMS) as StreamSource[]) {
    resources[logStreamResource(source)] = { Type: 'AWS::Logs::LogStream', Properties: { LogGroupName: ref('FirehoseLogGroup'), LogStreamName: source } };
  }
  return resources;
}

function logStreamResource(source: StreamSource): string {
  return `${STREAMS[source].resource}LogStream`;
}

function configTransformResources(names: PipelineNames): Record<string, Resource> {
  return {
    ConfigTransformLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/aws/lambda/${names.transformFunction}`, RetentionInDays: 30 } },
    ConfigTransformRole: serviceRole({
      service: 'lambda.amazonaws.com',
      description: 'the config-transform function writes its own log',
      statements: [allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [getAtt('ConfigTransformLogGroup', 'Arn')])],
    }),
    ConfigTransformFunction: {
      Type: 'AWS::Lambda::Function',
      DependsOn: ['ConfigTransformLogGroup'],
      Properties: {
        FunctionName: names.transformFunction,
        Description: 'Firehose transform: EventBridge Config item-change events into flat configuration items, partitioned for config_logs',
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        // A bundle cannot be inlined (ZipFile takes one small source file): it is uploaded, and named here.
        Code: { S3Bucket: ref('ConfigTransformCodeBucket'), S3Key: ref('ConfigTransformCodeKey') },
        Role: getAtt('ConfigTransformRole', 'Arn'),
        MemorySize: 256,
        // Firehose waits up to 5 minutes for a transform; a 1 MB batch takes well under one.
        Timeout: 60,
      },
    },
  };
}

function deliveryStreamResources(names: PipelineNames): Record<string, Resource> {
  const prefixes: Record<StreamSource, string> = {
    cloudwatch: firehosePrefix(cloudwatchTable, (key) =>
      required({ log_group: '!{partitionKeyFromQuery:logGroup}', account: '!{partitionKeyFromQuery:owner}', year: '!{timestamp:yyyy}', month: '!{timestamp:MM}' }, key),
    ),
    config: firehosePrefix(configTable, (key) => `!{partitionKeyFromLambda:${key.name}}`),
    guardduty: firehosePrefix(guarddutyTable, (key) => `!{partitionKeyFromQuery:${key.name}}`),
  };
  const processors: Record<StreamSource, Value[]> = {
    cloudwatch: [
      // CloudWatch Logs sends each subscription envelope gzip-compressed.
      { Type: 'Decompression', Parameters: [{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }] },
      jqExtraction(CLOUDWATCH_PARTITION_QUERY),
      { Type: 'AppendDelimiterToRecord' },
    ],
    config: [
      {
        Type: 'Lambda',
        Parameters: [
          { ParameterName: 'LambdaArn', ParameterValue: getAtt('ConfigTransformFunction', 'Arn') },
          { ParameterName: 'NumberOfRetries', ParameterValue: '3' },
          { ParameterName: 'BufferSizeInMBs', ParameterValue: '1' },
          { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '60' },
        ],
      },
    ],
    guardduty: [jqExtraction(GUARDDUTY_PARTITION_QUERY), { Type: 'AppendDelimiterToRecord' }],
  };
  // Logs arrive in volume; findings and configuration changes are few and wanted soon.
  const buffering: Record<StreamSource, { IntervalInSeconds: number; SizeInMBs: number }> = {
    cloudwatch: { IntervalInSeconds: 300, SizeInMBs: 128 },
    config: { IntervalInSeconds: 60, SizeInMBs: 64 },
    guardduty: { IntervalInSeconds: 60, SizeInMBs: 64 },
  };
  const resources: Record<string, Resource> = {};
  for (const source of Object.keys(STREAMS) as StreamSource[]) {
    const { table, resource } = STREAMS[source];
    const role = `${resource}Role`;
    resources[role] = firehoseRole(names, source, table);
    resources[resource] = {
      Type: 'AWS::KinesisFirehose::DeliveryStream',
      DependsOn: [logStreamResource(source)],
      Properties: {
        DeliveryStreamName: names.stream(source),
        DeliveryStreamType: 'DirectPut',
        DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
        ExtendedS3DestinationConfiguration: {
          BucketARN: getAtt(LAKE_BUCKET, 'Arn'),
          RoleARN: getAtt(role, 'Arn'),
          Prefix: prefixes[source],
          ErrorOutputPrefix: firehoseErrorPrefix(table),
          BufferingHints: buffering[source],
          CompressionFormat: 'GZIP',
          FileExtension: LAKE_FILE_FORMAT[table.name]!.extension,
          DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
          ProcessingConfiguration: { Enabled: true, Processors: processors[source] },
          CloudWatchLoggingOptions: { Enabled: true, LogGroupName: names.firehoseLogGroup, LogStreamName: source },
        },
      },
    };
  }
  return resources;
}

function jqExtraction(query: string): Value {
  return {
    Type: 'MetadataExtraction',
    Parameters: [
      { ParameterName: 'MetadataExtractionQuery', ParameterValue: query },
      { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
    ],
  };
}

/** Writes only its table's folder and its error folder, logs only to its log stream, invokes only the transform. */
function firehoseRole(names: PipelineNames, source: StreamSource, table: TableDef): Resource {
  const objects = (path: string) => sub(`\${${LAKE_BUCKET}.Arn}/${path}`);
  const errorFolder = firehoseErrorPrefix(table).split('/!{')[0]!;
  const statements = [
    allow(['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'], [getAtt(LAKE_BUCKET, 'Arn')]),
    allow(['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], [objects(`${tableFolder(table)}/*`), objects(`${errorFolder}/*`)]),
    allow(['logs:PutLogEvents'], [sub(`arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${names.firehoseLogGroup}:log-stream:${source}`)]),
    ...(source === 'config' ? [allow(['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'], [getAtt('ConfigTransformFunction', 'Arn')])] : []),
  ];
  return serviceRole({
    service: 'firehose.amazonaws.com',
    description: `the ${names.stream(source)} stream writes ${table.name} into the lake`,
    statements,
    trustCondition: { StringEquals: { 'sts:ExternalId': ref('AWS::AccountId') } },
  });
}

function eventBusResources(names: PipelineNames, senders: Senders): Record<string, Resource> {
  const rule = (source: 'config' | 'guardduty', description: string): Resource => ({
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: `${names.prefix}-${source}-to-lake`,
      Description: description,
      EventBusName: ref('LakeEventBus'),
      EventPattern: FORWARDED_EVENTS[source],
      State: 'ENABLED',
      Targets: [{ Id: names.stream(source), Arn: getAtt(STREAMS[source].resource, 'Arn'), RoleArn: getAtt('EventsToFirehoseRole', 'Arn') }],
    },
  });
  return {
    LakeEventBus: { Type: 'AWS::Events::EventBus', Properties: { Name: names.eventBus } },
    LakeEventBusPolicy: {
      Type: 'AWS::Events::EventBusPolicy',
      Properties: {
        EventBusName: ref('LakeEventBus'),
        StatementId: 'member-accounts-forward-events',
        Statement: { Effect: 'Allow', ...senderPrincipal(senders, sub), Action: 'events:PutEvents', Resource: getAtt('LakeEventBus', 'Arn') } as Value,
      },
    },
    EventsToFirehoseRole: serviceRole({
      service: 'events.amazonaws.com',
      description: "the lake bus's rules put Config and GuardDuty events into their streams",
      statements: [allow(['firehose:PutRecord', 'firehose:PutRecordBatch'], [getAtt(STREAMS.config.resource, 'Arn'), getAtt(STREAMS.guardduty.resource, 'Arn')])],
      trustCondition: { StringEquals: { 'aws:SourceAccount': ref('AWS::AccountId') } },
    }),
    ConfigChangesRule: rule('config', 'AWS Config configuration item changes forwarded by the member accounts, into the config stream'),
    GuardDutyFindingsRule: rule('guardduty', 'GuardDuty findings forwarded by the member accounts, into the guardduty stream'),
  };
}

/**
 * A CloudWatch Logs destination in front of the cloudwatch stream. Destinations are regional
 * and a log group can only subscribe to one in its own region, so the lake-region stack repeats
 * this one (pointing at the same stream) in every other region with member log groups.
 */
export function logsDestination(names: PipelineNames, senders: Senders, target: { targetArn: Value; roleArn: Value }): Resource {
  const destinationArn = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:destination:${names.logsDestination}`;
  // The policy is a JSON string: one Fn::Sub over the whole document.
  const statement = { Sid: 'MemberAccountsSubscribe', Effect: 'Allow', ...senderPrincipal(senders, (text) => text), Action: ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'], Resource: destinationArn };
  return {
    Type: 'AWS::Logs::Destination',
    Properties: {
      DestinationName: names.logsDestination,
      TargetArn: target.targetArn,
      RoleArn: target.roleArn,
      DestinationPolicy: jsonSub({ Version: '2012-10-17', Statement: [statement as Value] }),
    },
  };
}

/**
 * Confused-deputy protection for the role CloudWatch Logs assumes to write into the stream. With
 * named accounts, the documented source-ARN condition lists them; for a whole organization no
 * condition key covers the senders, and the role stays safe as only this account can attach it
 * to a destination (iam:PassRole) and the destination admits only the organization.
 */
function logsTrustCondition(senders: Senders): PolicyStatement['Condition'] {
  if (senders.kind === 'organization') return undefined;
  const accounts = ['${AWS::AccountId}', ...senders.accounts];
  return { StringLike: { 'aws:SourceArn': accounts.map((account) => sub(`arn:\${AWS::Partition}:logs:*:${account}:*`)) } };
}

function required<T>(byRole: Partial<Record<PartitionRole, T>>, key: PartitionKey): T {
  const value = byRole[key.role];
  if (value === undefined) throw new Error(`no Firehose expression for partition key ${key.name} (${key.role})`);
  return value;
}
