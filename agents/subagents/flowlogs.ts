import type { LakeSubAgentDefinition } from './lake-subagent.js';

export const flowlogsSubAgent: LakeSubAgentDefinition = {
  source: 'flowlogs',
  title: 'VPC flow logs (network traffic)',
  description: 'Network traffic from VPC flow logs: who talked to whom on which port, accepted or rejected flows, top talkers, port scans.',
  guidance: 'action is ACCEPT or REJECT; protocol 6 is TCP, 17 UDP; start is epoch seconds. Aggregate bytes and packets for talkers.',
  examples: ['top talkers in prod yesterday', 'show rejected connections to 10.0.1.15 today'],
};
