import type { LakeSubAgentDefinition } from './lake-subagent.js';

export const guarddutyHistorySubAgent: LakeSubAgentDefinition = {
  source: 'guardduty',
  title: 'GuardDuty findings (history)',
  description: 'GuardDuty findings kept in the data lake (history, including findings older than 90 days): threats by type and severity.',
  guidance: 'detail.severity: 7-8.9 high, 9-10 critical; detail.type names the threat, e.g. Recon:EC2/PortProbeUnprotectedPort.',
  examples: ['high severity GuardDuty findings this week', 'GuardDuty findings by type last month'],
};
