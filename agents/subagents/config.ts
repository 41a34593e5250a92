import type { LakeSubAgentDefinition } from './lake-subagent.js';

export const configSubAgent: LakeSubAgentDefinition = {
  source: 'config',
  title: 'AWS Config (configuration history)',
  description: 'How resources were configured and when they changed (AWS Config configuration items): security groups, instances, buckets, roles.',
  guidance: 'Filter on resourcetype (e.g. AWS::EC2::SecurityGroup) and resourceid; configurationitemstatus ResourceDeleted marks deletions.',
  examples: ['changes to security groups this week', 'which instances were deleted yesterday?'],
};
