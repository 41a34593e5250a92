import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cloudtrailTable } from '../../../pipeline-infra/catalog/tables/cloudtrail.js';
import { cloudwatchTable, logGroupPartitionValue } from '../../../pipeline-infra/catalog/tables/cloudwatch.js';
import { configTable } from '../../../pipeline-infra/catalog/tables/config.js';
import { curTable } from '../../../pipeline-infra/catalog/tables/cur.js';
import { flowlogsTable } from '../../../pipeline-infra/catalog/tables/flowlogs.js';
import { guarddutyTable } from '../../../pipeline-infra/catalog/tables/guardduty.js';
import type { TableDef } from '../../../pipeline-infra/catalog/types.js';
import type { Template } from '../../../pipeline-infra/infra/cloudformation.js';
import { pipelineSettingsSchema, type PipelineSettingsInput } from '../../../pipeline-infra/infra/pipeline-settings.js';
import { CLOUDWATCH_PARTITION_QUERY, GUARDDUTY_PARTITION_QUERY } from '../../../pipeline-infra/infra/stacks/lake-stack.js';
import { READ_ONLY_ROLE_NAME } from '../../../pipeline-infra/infra/stacks/read-only-stack.js';
import { synthesizePipeline } from '../../../pipeline-infra/infra/synth.js';
import { API_READ_PERMISSIONS } from '../../../pipeline-infra/api-sources/sdk/read-permissions.js';
import { parseAwsTime } from '../../../pipeline-infra/lake/aws-time.js';
import { LAKE_FILE_FORMAT, partitionDir, partitionValues } from '../../../pipeline-infra/lake/layout.js';
import { layoutPattern } from '../../../pipeline-infra/query/engines/lake-files.js';
import { danglingReferences, renderFirehosePrefix, resourcesOfType, statementsOf, unusedParameters } from '../../support/cloudformation-templates.js';
import { REAL_DATA } from '../../support/lake-files.js';

/** Templates are read back as plain JSON. */
type Json = Record<string, any>;

const ORG = 'o-a1b2c3d4e5';
const synth = (input: PipelineSettingsInput = {}) => {
  const stacks = synthesizePipeline(pipelineSettingsSchema.parse({ stage: 'test', orgId: ORG, ...input }));
  const byKind = (kind: string) => stacks.find((s) => s.name === `cia-test-${kind}`)!.template as Template & { Resources: Record<string, Json> };
  return { stacks, lake: byKind('lake'), lakeRegion: byKind('lake-region'), management: byKind('management'), member: byKind('member'), flowLogs: byKind('vpc-flow-logs') };
};
const organizationWide = synth();
const namedAccounts = synth({ sourceAccounts: '111111111111, 222222222222' });
const { lake, lakeRegion, management, member, flowLogs } = organizationWide;
const props = (template: Template, resource: string): Json => (template.Resources[resource] as Json).Properties;
const streamConfig = (source: string): Json => props(lake, `${source[0]!.toUpperCase()}${source.slice(1)}DeliveryStream`).ExtendedS3DestinationConfiguration;
/** The `Fn::Sub` text a value holds, for comparing ARNs built from names. */
const subText = (value: Json): string => value['Fn::Sub'];

/** Does a lake path (directory, ending in /) fall under one of the table's layouts? */
const matchesLayout = (table: TableDef, dir: string) => table.layouts.some((layout) => new RegExp(`^${layoutPattern(layout).source}`).test(`${dir}file.json.gz`));

describe.each([
  ['organization-wide', organizationWide.stacks],
  ['named source accounts', namedAccounts.stacks],
])('every template (%s)', (_, stacks) => {
  it.each(stacks.map((s) => [s.name, s.template] as const))('%s refers only to what it declares, and uses every parameter', (_, template) => {
    expect(danglingReferences(template)).toEqual([]);
    expect(unusedParameters(template)).toEqual([]);
  });

  it.each(stacks.map((s) => [s.name, s.template] as const))('%s grants no wildcard action (the one wildcard is the bucket\'s TLS deny)', (name, template) => {
    const statements = statementsOf(template);
    // Each role has a trust statement and at least one grant: the scan sees them.
    expect(statements.length).toBeGreaterThanOrEqual(2 * resourcesOfType(template, 'AWS::IAM::Role').length);
    expect(statements.filter((s) => 'NotAction' in s.statement)).toEqual([]);
    const wildcards = statements.filter((s) => s.actions.some((action) => action.includes('*')));
    expect(wildcards.map((s) => [s.effect, s.statement.Sid])).toEqual(name.endsWith('-lake') ? [['Deny', 'DenyInsecureTransport']] : []);
  });
});

describe('the lake bucket', () => {
  const bucket = lake.Resources.LakeBucket as Json;
  const policy = props(lake, 'LakeBucketPolicy').PolicyDocument.Statement as Json[];
  const putObjectBy = (template: Template, service: string) =>
    (props(template, 'LakeBucketPolicy').PolicyDocument.Statement as Json[]).filter((s) => s.Principal?.Service === service && [s.Action].flat().includes('s3:PutObject'));

  it('is encrypted, blocks all public access, keeps versions and survives its stack', () => {
    expect(bucket.Properties.BucketEncryption).toEqual({ ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] });
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('expires objects after RetentionDays (400 by default)', () => {
    expect(bucket.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({ Status: 'Enabled', ExpirationInDays: { Ref: 'RetentionDays' } });
    expect(lake.Parameters!.RetentionDays).toMatchObject({ Type: 'Number', Default: 400 });
  });

  it('refuses every request without TLS', () => {
    expect(policy[0]).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [{ 'Fn::GetAtt': ['LakeBucket', 'Arn'] }, { 'Fn::Sub': '${LakeBucket.Arn}/*' }],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('lets each delivery service write only under its own prefix, and only for its sources', () => {
    const written = (service: string) => putObjectBy(lake, service).flatMap((s) => [s.Resource].flat().map(subText));
    expect(written('cloudtrail.amazonaws.com')).toEqual([`\${LakeBucket.Arn}/cloudtrail/AWSLogs/\${ManagementAccountId}/*`, `\${LakeBucket.Arn}/cloudtrail/AWSLogs/\${OrganizationId}/*`]);
    expect(written('config.amazonaws.com')).toEqual(['${LakeBucket.Arn}/config-delivery/AWSLogs/*/Config/*']);
    expect(written('delivery.logs.amazonaws.com')).toEqual(['${LakeBucket.Arn}/flowlogs/AWSLogs/*']);
    expect(written('bcm-data-exports.amazonaws.com')).toEqual(['${LakeBucket.Arn}/cur/cia-cur/*']);

    const conditionOf = (service: string) => putObjectBy(lake, service)[0]!.Condition;
    expect(subText(conditionOf('cloudtrail.amazonaws.com').StringEquals['aws:SourceArn'])).toBe(`arn:\${AWS::Partition}:cloudtrail:us-east-1:\${ManagementAccountId}:trail/${props(management, 'OrganizationTrail').TrailName}`);
    expect(conditionOf('config.amazonaws.com').StringEquals).toMatchObject({ 'aws:SourceOrgID': { Ref: 'OrganizationId' }, 's3:x-amz-acl': 'bucket-owner-full-control' });
    expect(conditionOf('delivery.logs.amazonaws.com').StringEquals).toMatchObject({ 'aws:SourceOrgID': { Ref: 'OrganizationId' } });
    expect(conditionOf('bcm-data-exports.amazonaws.com')).toEqual({
      StringLike: { 'aws:SourceArn': { 'Fn::Sub': 'arn:${AWS::Partition}:bcm-data-exports:us-east-1:${ManagementAccountId}:export/*' } },
      StringEquals: { 'aws:SourceAccount': { Ref: 'ManagementAccountId' } },
    });
    // With named accounts, the member deliveries are conditioned on exactly those.
    expect(putObjectBy(namedAccounts.lake, 'delivery.logs.amazonaws.com')[0]!.Condition.StringEquals).toEqual({ 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': ['111111111111', '222222222222'] });
  });

  it('publishes its name at /cia/<stage>/lake-bucket for the Lambda stack', () => {
    expect(props(lake, 'LakeBucketNameParameter')).toMatchObject({ Name: '/cia/test/lake-bucket', Type: 'String', Value: { Ref: 'LakeBucket' } });
  });

  it('is named the same way by the stacks in other accounts', () => {
    const inOtherAccounts = subText(props(lake, 'LakeBucket').BucketName).replace('${AWS::AccountId}', '${LakeAccountId}').replace('${AWS::Region}', '${LakeRegion}');
    expect(subText(props(management, 'OrganizationTrail').S3BucketName)).toBe(inOtherAccounts);
    expect(subText(props(management, 'CostAndUsageExport').Export.DestinationConfigurations.S3Destination.S3Bucket)).toBe(inOtherAccounts);
    expect(subText(props(flowLogs, 'VpcFlowLog').LogDestination)).toBe(`arn:\${AWS::Partition}:s3:::${inOtherAccounts}/flowlogs`);
  });
});

describe('the Firehose streams', () => {
  const arrival = new Date('2024-03-05T10:11:12Z');
  const sources = ['cloudwatch', 'config', 'guardduty'] as const;

  it.each(sources)('%s: dynamic partitioning, gzip JSON files the lake reads, errors outside every table', (source) => {
    const config = streamConfig(source);
    const table = { cloudwatch: cloudwatchTable, config: configTable, guardduty: guarddutyTable }[source];
    expect(config.DynamicPartitioningConfiguration).toMatchObject({ Enabled: true });
    expect(config).toMatchObject({ CompressionFormat: 'GZIP', FileExtension: LAKE_FILE_FORMAT[table.name]!.extension });
    expect(config.ErrorOutputPrefix).toMatch(/^firehose-errors\/[a-z]+\/!\{firehose:error-output-type\}\//);
    expect(config.BufferingHints.SizeInMBs).toBeGreaterThanOrEqual(64);
  });

  it('cloudwatch: decompresses (not de-aggregates), extracts logGroup and owner, and files envelopes in the cloudwatch_logs layout', () => {
    const config = streamConfig('cloudwatch');
    expect(config.ProcessingConfiguration.Processors.map((p: Json) => p.Type)).toEqual(['Decompression', 'MetadataExtraction', 'AppendDelimiterToRecord']);
    expect(config.ProcessingConfiguration.Processors[0].Parameters).toEqual([{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }]);
    expect(config.ProcessingConfiguration.Processors[1].Parameters).toContainEqual({ ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' });
    expect(config.Prefix).toBe('cloudwatch/log_group=!{partitionKeyFromQuery:logGroup}/account_id=!{partitionKeyFromQuery:owner}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/');
    const rendered = renderFirehosePrefix(config.Prefix, { logGroup: logGroupPartitionValue('/aws/lambda/checkout'), owner: '111111111111' }, arrival);
    expect(rendered).toBe(partitionDir(cloudwatchTable, partitionValues(cloudwatchTable, { account: '111111111111', time: arrival, logGroupValue: 'aws_lambda_checkout' })));
  });

  it('config: the transform function partitions each item into the config_logs layout', () => {
    const config = streamConfig('config');
    expect(config.ProcessingConfiguration.Processors).toEqual([
      {
        Type: 'Lambda',
        Parameters: expect.arrayContaining([{ ParameterName: 'LambdaArn', ParameterValue: { 'Fn::GetAtt': ['ConfigTransformFunction', 'Arn'] } }]),
      },
    ]);
    expect(config.Prefix).toBe('config/account_id=!{partitionKeyFromLambda:account_id}/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/');
    const keys = partitionValues(configTable, { account: '111111111111', time: arrival });
    expect(renderFirehosePrefix(config.Prefix, keys, new Date('2030-01-01T00:00:00Z'))).toBe(partitionDir(configTable, keys));
  });

  it('config: the transform function runs the uploaded bundle with only its own log writable', () => {
    expect(props(lake, 'ConfigTransformFunction')).toMatchObject({ Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { S3Bucket: { Ref: 'ConfigTransformCodeBucket' }, S3Key: { Ref: 'ConfigTransformCodeKey' } } });
    const statements = props(lake, 'ConfigTransformRole').Policies[0].PolicyDocument.Statement;
    expect(statements).toEqual([{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [{ 'Fn::GetAtt': ['ConfigTransformLogGroup', 'Arn'] }] }]);
  });

  it('guardduty: partitions findings by the finding\'s account and updatedAt day, in the guardduty_findings layout', () => {
    const config = streamConfig('guardduty');
    expect(config.ProcessingConfiguration.Processors.map((p: Json) => p.Type)).toEqual(['MetadataExtraction', 'AppendDelimiterToRecord']);
    const keys = partitionValues(guarddutyTable, { account: '111111111111', time: arrival });
    expect(renderFirehosePrefix(config.Prefix, keys, new Date('2030-01-01T00:00:00Z'))).toBe(partitionDir(guarddutyTable, keys));
  });

  it('each role writes only its own table and error folders', () => {
    for (const source of sources) {
      const statements = props(lake, `${source[0]!.toUpperCase()}${source.slice(1)}DeliveryStreamRole`).Policies[0].PolicyDocument.Statement as Json[];
      const objects = statements.find((s) => s.Action.includes('s3:PutObject'))!.Resource.map(subText);
      expect(objects).toEqual([`\${LakeBucket.Arn}/${source}/*`, `\${LakeBucket.Arn}/firehose-errors/${source}/*`]);
      expect(statements.flatMap((s) => s.Action).some((a: string) => a.startsWith('lambda:'))).toBe(source === 'config');
    }
  });
});

// Firehose runs JQ 1.6; so does this machine's jq, when it has one.
const jq = (() => {
  try {
    execFileSync('jq', ['--version']);
    return (query: string, input: unknown) => JSON.parse(execFileSync('jq', ['-c', query], { input: JSON.stringify(input) }).toString()) as Record<string, string>;
  } catch {
    return undefined;
  }
})();

(jq ? describe : describe.skip)('the partition queries, run by jq', () => {
  it('cloudwatch: the log group is filed under the catalog\'s partition value for it', async () => {
    const envelope = JSON.parse(await readFile(join(REAL_DATA, 'cloudwatch/aws_docs_examples/subscription_filter_cloudtrail_root_example.json'), 'utf8'));
    expect(jq!(CLOUDWATCH_PARTITION_QUERY, envelope)).toEqual({ logGroup: logGroupPartitionValue(envelope.logGroup), owner: envelope.owner });
    for (const logGroup of ['/aws/lambda/checkout', 'API-Gateway-Execution-Logs_abc123/prod', '/ecs/#frontend', '__weird..name', 'plain']) {
      expect(jq!(CLOUDWATCH_PARTITION_QUERY, { ...envelope, logGroup }).logGroup).toBe(logGroupPartitionValue(logGroup));
    }
  });

  it('guardduty: every real finding event gets the partition the lake writer gives it', async () => {
    const events = (await readFile(join(REAL_DATA, 'guardduty/derived_eventbridge/guardduty_findings_eventbridge.ndjson'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      const expected = partitionValues(guarddutyTable, { account: event.detail.accountId, time: parseAwsTime(event.detail.updatedAt)! });
      expect(jq!(GUARDDUTY_PARTITION_QUERY, event)).toEqual(expected);
    }
  });
});

describe('the EventBridge routing', () => {
  const rule = (template: Template, name: string) => props(template, name);

  it('matches Config item changes and GuardDuty findings, on the lake bus and in the member accounts', () => {
    const configPattern = { source: ['aws.config'], 'detail-type': ['Config Configuration Item Change'] };
    const guarddutyPattern = { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] };
    expect(rule(lake, 'ConfigChangesRule').EventPattern).toEqual(configPattern);
    expect(rule(lake, 'GuardDutyFindingsRule').EventPattern).toEqual(guarddutyPattern);
    expect(rule(member, 'ConfigChangesToLakeRule').EventPattern).toEqual(configPattern);
    expect(rule(member, 'GuardDutyFindingsToLakeRule').EventPattern).toEqual(guarddutyPattern);
  });

  it('member rules forward from the default bus to the lake bus, through a role that may only put events there', () => {
    const lakeBus = `arn:\${AWS::Partition}:events:\${LakeRegion}:\${LakeAccountId}:event-bus/${props(lake, 'LakeEventBus').Name}`;
    for (const name of ['ConfigChangesToLakeRule', 'GuardDutyFindingsToLakeRule']) {
      expect(rule(member, name).EventBusName).toBeUndefined();
      expect(rule(member, name).Targets).toEqual([{ Id: 'lake-event-bus', Arn: { 'Fn::Sub': lakeBus }, RoleArn: { 'Fn::GetAtt': ['ForwardToLakeRole', 'Arn'] } }]);
    }
    expect(props(member, 'ForwardToLakeRole').Policies[0].PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: [{ 'Fn::Sub': lakeBus }] }]);
  });

  it('the lake bus takes events from the organization, or from the named accounts and itself, and its rules feed the streams', () => {
    expect(props(lake, 'LakeEventBusPolicy').Statement).toMatchObject({ Principal: '*', Action: 'events:PutEvents', Condition: { StringEquals: { 'aws:PrincipalOrgID': { 'Fn::Sub': '${OrganizationId}' } } } });
    expect(props(namedAccounts.lake, 'LakeEventBusPolicy').Statement.Principal.AWS.map(subText)).toEqual(['${AWS::AccountId}', '111111111111', '222222222222'].map((a) => `arn:\${AWS::Partition}:iam::${a}:root`));
    expect(rule(lake, 'ConfigChangesRule')).toMatchObject({ EventBusName: { Ref: 'LakeEventBus' }, Targets: [{ Arn: { 'Fn::GetAtt': ['ConfigDeliveryStream', 'Arn'] } }] });
    expect(rule(lake, 'GuardDutyFindingsRule')).toMatchObject({ EventBusName: { Ref: 'LakeEventBus' }, Targets: [{ Arn: { 'Fn::GetAtt': ['GuarddutyDeliveryStream', 'Arn'] } }] });
  });
});

describe('CloudWatch Logs', () => {
  it('every member log group subscribes at account level to the lake destination of its region, the pipeline\'s own excepted', () => {
    const policy = props(member, 'LogsSubscriptionPolicy');
    expect(policy).toMatchObject({ PolicyType: 'SUBSCRIPTION_FILTER_POLICY', Scope: 'ALL' });
    expect(JSON.parse(subText(policy.PolicyDocument))).toEqual({
      DestinationArn: `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${LakeAccountId}:destination:${props(lake, 'CloudWatchLogsDestination').DestinationName}`,
      RoleArn: '${LogsSubscriptionRole.Arn}',
      FilterPattern: '',
      Distribution: 'Random',
    });
    expect(policy.SelectionCriteria).toBe('LogGroupName NOT IN ["/aws/lambda/cia-test-config-transform","/aws/kinesisfirehose/cia-test-lake"]');
    expect(props(lake, 'ConfigTransformLogGroup').LogGroupName).toBe('/aws/lambda/cia-test-config-transform');
    expect(props(lake, 'FirehoseLogGroup').LogGroupName).toBe('/aws/kinesisfirehose/cia-test-lake');
  });

  it('destinations admit the organization to subscribe, and deliver into the cloudwatch stream from every region', () => {
    const home = props(lake, 'CloudWatchLogsDestination');
    expect(home).toMatchObject({ TargetArn: { 'Fn::GetAtt': ['CloudwatchDeliveryStream', 'Arn'] }, RoleArn: { 'Fn::GetAtt': ['LogsToFirehoseRole', 'Arn'] } });
    expect(JSON.parse(subText(home.DestinationPolicy)).Statement).toEqual([
      expect.objectContaining({ Principal: '*', Action: ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'], Condition: { StringEquals: { 'aws:PrincipalOrgID': '${OrganizationId}' } } }),
    ]);
    const other = props(lakeRegion, 'CloudWatchLogsDestination');
    expect(other.DestinationName).toBe(home.DestinationName);
    expect(subText(other.TargetArn)).toBe(`arn:\${AWS::Partition}:firehose:\${LakeHomeRegion}:\${AWS::AccountId}:deliverystream/${props(lake, 'CloudwatchDeliveryStream').DeliveryStreamName}`);
    expect(subText(other.RoleArn)).toBe(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${props(lake, 'LogsToFirehoseRole').RoleName}`);
    expect(props(lake, 'LogsToFirehoseRole').Policies[0].PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: [{ 'Fn::GetAtt': ['CloudwatchDeliveryStream', 'Arn'] }] },
    ]);
  });
});

describe('the management account', () => {
  it('runs an organization trail of every region, with log file validation, into the cloudtrail_logs layout', () => {
    const trail = props(management, 'OrganizationTrail');
    expect(trail).toMatchObject({ IsOrganizationTrail: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, EnableLogFileValidation: true, IsLogging: true, S3KeyPrefix: 'cloudtrail' });
    // CloudTrail appends AWSLogs/{organization id}/{account}/CloudTrail/{region}/{yyyy}/{mm}/{dd}/.
    expect(matchesLayout(cloudtrailTable, `${trail.S3KeyPrefix}/AWSLogs/${ORG}/111111111111/CloudTrail/eu-west-1/2024/03/05/`)).toBe(true);
  });

  it('exports CUR 2.0 as Parquet, with exactly the cur_data columns, where the cur_data layout reads it', () => {
    const exported = props(management, 'CostAndUsageExport').Export;
    expect(exported.DataQuery.QueryStatement).toBe(`SELECT ${curTable.columns.map((c) => c.name).join(', ')} FROM COST_AND_USAGE_REPORT`);
    expect(Object.keys(exported.DataQuery.TableConfigurations)).toEqual(['COST_AND_USAGE_REPORT']);
    const destination = exported.DestinationConfigurations.S3Destination;
    expect(destination.S3OutputConfigurations).toEqual({ OutputType: 'CUSTOM', Format: 'PARQUET', Compression: 'PARQUET', Overwrite: 'OVERWRITE_REPORT' });
    // Data Exports writes {prefix}/{export name}/data/BILLING_PERIOD={YYYY-MM}/.
    expect(matchesLayout(curTable, `${destination.S3Prefix}/${exported.Name}/data/BILLING_PERIOD=2024-03/`)).toBe(true);
  });
});

describe('VPC flow logs', () => {
  it('deliver every flowlogs column as Parquet with Hive-compatible daily partitions under flowlogs/', () => {
    const flowLog = props(flowLogs, 'VpcFlowLog');
    expect(flowLog).toMatchObject({ ResourceType: 'VPC', ResourceId: { Ref: 'VpcId' }, TrafficType: 'ALL', LogDestinationType: 's3' });
    expect(flowLog.DestinationOptions).toEqual({ FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: false });
    // The Parquet columns are the fields with underscores.
    expect(flowLog.LogFormat.split(' ').map((field: string) => field.slice(2, -1).replace(/-/g, '_'))).toEqual(flowlogsTable.columns.map((c) => c.name));
    expect(matchesLayout(flowlogsTable, 'flowlogs/AWSLogs/aws-account-id=111111111111/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2024/month=03/day=05/')).toBe(true);
    expect(resourcesOfType(flowLogs, 'AWS::EC2::FlowLog')).toHaveLength(1);
  });
});

describe('the read-only role in every account', () => {
  const readOnly = organizationWide.stacks.find((s) => s.name === 'cia-test-read-only')!.template as Template & { Resources: Record<string, Json> };
  const role = props(readOnly, 'ReadOnlyRole');

  it('is the role the agent runtime assumes, granting exactly the calls the API sources make', () => {
    expect(role.RoleName).toBe(READ_ONLY_ROLE_NAME);
    expect(role.Policies.flatMap((p: Json) => p.PolicyDocument.Statement).flatMap((s: Json) => s.Action)).toEqual([...API_READ_PERMISSIONS]);
  });

  it('trusts only the stage\'s agent runtime role in the lake account', () => {
    const [trust] = role.AssumeRolePolicyDocument.Statement;
    expect(subText(trust.Principal.AWS)).toBe('arn:${AWS::Partition}:iam::${LakeAccountId}:root');
    expect(subText(trust.Condition.ArnLike['aws:PrincipalArn'])).toBe('arn:${AWS::Partition}:iam::${LakeAccountId}:role/cia-test-AgentRuntimeRole-*');
  });
});
