import type { ApiSubAgentDefinition } from './api-subagent.js';

export const quotasSubAgent: ApiSubAgentDefinition = {
  source: 'quotas',
  title: 'Service Quotas (usage against limits)',
  description: 'Service quotas of each account and region with their current usage: which limits are close to being hit.',
  guidance: 'services are service codes such as ec2, lambda, vpc; minPercentUsed keeps quotas at least that full (80 for "near the limit").',
  examples: ['which quotas are near their limit?', 'quotas above 90% in prod'],
};
