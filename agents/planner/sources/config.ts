import type { Filter } from '../../../pipeline-infra/query/query-spec.js';
import type { SourceQuery } from '../source-query.js';

/** Resource types people name, and AWS Config's names for them. */
const RESOURCE_TYPES: [RegExp, string][] = [
  [/\bsecurity groups?\b/, 'AWS::EC2::SecurityGroup'],
  [/\b(?:ec2 )?instances?\b/, 'AWS::EC2::Instance'],
  [/\b(?:s3 )?buckets?\b/, 'AWS::S3::Bucket'],
  [/\biam roles?\b|\broles?\b/, 'AWS::IAM::Role'],
  [/\biam users?\b/, 'AWS::IAM::User'],
  [/\biam polic(?:y|ies)\b/, 'AWS::IAM::Policy'],
  [/\bvpcs?\b/, 'AWS::EC2::VPC'],
  [/\bsubnets?\b/, 'AWS::EC2::Subnet'],
  [/\b(?:rds|db) instances?\b|\bdatabases?\b/, 'AWS::RDS::DBInstance'],
  [/\blambda functions?\b|\bfunctions?\b/, 'AWS::Lambda::Function'],
  [/\bvolumes?\b/, 'AWS::EC2::Volume'],
];

/** Configuration changes: to a resource type or a resource, newest first. */
export function planConfig(question: string): SourceQuery {
  const text = question.toLowerCase();
  const filters: Filter[] = [];
  const conditions: string[] = [];
  const explicit = /\b(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)\b/.exec(question)?.[1];
  const type = explicit ?? RESOURCE_TYPES.find(([pattern]) => pattern.test(text))?.[1];
  if (type) {
    filters.push({ column: 'resourcetype', op: 'eq', value: type });
    conditions.push(`of ${type}`);
  }
  const id = /\b((?:sg|i|vpc|subnet|vol|eni|snap|ami)-[0-9a-f]{6,})\b/.exec(text)?.[1];
  if (id) {
    filters.push({ column: 'resourceid', op: 'eq', value: id });
    conditions.push(`for ${id}`);
  }
  if (/\bdeleted\b/.test(text)) filters.push({ column: 'configurationitemstatus', op: 'eq', value: 'ResourceDeleted' });
  return {
    shape: 'events',
    select: [{ column: 'configurationitemcapturetime', as: 'captured_at' }, { column: 'resourcetype' }, { column: 'resourceid' }, { column: 'resourcename' }, { column: 'configurationitemstatus', as: 'status' }, { column: 'awsaccountid', as: 'account' }, { column: 'awsregion', as: 'region' }],
    filters, groupBy: [], orderBy: [{ column: 'configurationitemcapturetime', direction: 'desc' }], limit: 20, subject: 'configuration changes', conditions, entityColumns: ['resourceid'],
  };
}
