import type { ApiSubAgentDefinition } from './api-subagent.js';

export const accessAnalyzerSubAgent: ApiSubAgentDefinition = {
  source: 'access-analyzer',
  title: 'IAM Access Analyzer (public and cross-account access)',
  description: 'Which resources (S3 buckets, IAM roles, KMS keys, queues…) anyone on the internet or another account can reach, from IAM Access Analyzer\'s active findings.',
  guidance: 'publicOnly keeps resources open to everyone; without it, access granted to other accounts is listed too. resourceTypes are CloudFormation names such as AWS::S3::Bucket.',
  examples: ['are any S3 buckets public?', 'which resources are shared with other accounts?'],
};
