import { z } from 'zod';
import { ref, type PolicyStatement, type Principal, type Value } from './cloudformation.js';

const STAGE = /^[a-z][a-z0-9-]{0,15}$/;
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * What `cia infra synth` is told: the stage (part of every name) and who may deliver logs into
 * the lake: the whole organization by default, or only the accounts named. The keys are the
 * command's option names, so a problem names the flag to fix.
 */
export const pipelineSettingsSchema = z.object({
  stage: z.string().regex(STAGE, 'must be 1-16 lower-case letters, digits or hyphens, starting with a letter (it becomes part of bucket, stream and role names)').default('prod'),
  orgId: z.string().regex(ORGANIZATION_ID, { error: (issue) => `${JSON.stringify(issue.input)} is not an AWS organization id (o- and 10-32 lower-case letters or digits)` }).optional(),
  sourceAccounts: z
    .string()
    .transform((list) => [...new Set(list.split(',').map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(z.string().regex(ACCOUNT_ID, { error: (issue) => `${JSON.stringify(issue.input)} is not a 12-digit account id` })).min(1, 'must list at least one 12-digit account id, comma-separated'))
    .optional(),
});
export type PipelineSettingsInput = z.input<typeof pipelineSettingsSchema>;
export type PipelineSettings = z.output<typeof pipelineSettingsSchema>;

/** The names every stack agrees on, so stacks in other accounts can address the lake's resources without exports. */
export function pipelineNames(stage: string) {
  const prefix = `cia-${stage}`;
  return {
    prefix,
    /** `Fn::Sub` text of the bucket name; bucket names are global, so the account and region make it unique. */
    lakeBucket: (accountRef: string, regionRef: string) => `${prefix}-lake-\${${accountRef}}-\${${regionRef}}`,
    lakeBucketParameter: `/cia/${stage}/lake-bucket`,
    stream: (source: string) => `${prefix}-${source}`,
    eventBus: `${prefix}-lake`,
    logsDestination: `${prefix}-cloudwatch`,
    logsToFirehoseRole: `${prefix}-logs-to-firehose`,
    transformFunction: `${prefix}-config-transform`,
    firehoseLogGroup: `/aws/kinesisfirehose/${prefix}-lake`,
    organizationTrail: `${prefix}-organization`,
    accountPolicy: `${prefix}-to-lake`,
  };
}
export type PipelineNames = ReturnType<typeof pipelineNames>;

/**
 * Who may deliver: the organization (checked with the organization-id condition keys) or a list
 * of accounts. CloudTrail and the CUR export are not senders here: they run in the management
 * account, which the lake stack names on its own.
 */
export type Senders = { kind: 'organization' } | { kind: 'accounts'; accounts: string[] };

export function sendersOf(settings: PipelineSettings): Senders {
  return settings.sourceAccounts ? { kind: 'accounts', accounts: settings.sourceAccounts } : { kind: 'organization' };
}

export const ORGANIZATION_ID_PARAMETER = 'OrganizationId';

/** Condition on an AWS service writing on a sender's behalf (VPC flow logs, Config delivery). */
export function serviceSourceCondition(senders: Senders): { StringEquals: Record<string, Value> } {
  return senders.kind === 'organization'
    ? { StringEquals: { 'aws:SourceOrgID': ref(ORGANIZATION_ID_PARAMETER) } }
    : { StringEquals: { 'aws:SourceAccount': senders.accounts } };
}

/**
 * Principal and condition of a resource policy (event bus, Logs destination) admitting the
 * senders and this account. `interpolate` turns `${…}` text into a value: `sub` for a JSON
 * property, the text itself inside a document that is already one `Fn::Sub` string.
 */
export function senderPrincipal(senders: Senders, interpolate: (text: string) => Value): { Principal: Principal; Condition?: PolicyStatement['Condition'] } {
  if (senders.kind === 'organization') return { Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': interpolate(`\${${ORGANIZATION_ID_PARAMETER}}`) } } };
  const accounts = ['${AWS::AccountId}', ...senders.accounts];
  return { Principal: { AWS: accounts.map((account) => interpolate(`arn:\${AWS::Partition}:iam::${account}:root`)) } };
}

/** Data Exports (the CUR 2.0 export) exists only in us-east-1: the management stack, and so its trail, live there. */
export const MANAGEMENT_REGION = 'us-east-1';
