import { guardDutyApiCutoff } from '../../pipeline-infra/api-sources/services/guardduty.js';
import type { ApiSubAgentDefinition } from './api-subagent.js';

export const guarddutySubAgent: ApiSubAgentDefinition = {
  source: 'guardduty',
  title: 'GuardDuty findings',
  description: 'GuardDuty threat findings: recent ones from the GuardDuty API (the last 90 days), older ones from the data lake. Threats by type and severity, on which resource.',
  guidance:
    'Severity: 1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical. Types name the threat, e.g. Recon:EC2/PortProbeUnprotectedPort. ' +
    'In the lake table, detail.severity and detail.type hold them; counts and groupings by type are the lake\'s.',
  examples: ['recent high severity GuardDuty findings', 'GuardDuty findings by type last month'],
  history: { source: 'guardduty', apiKeepsSince: guardDutyApiCutoff },
};
