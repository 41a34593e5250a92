import type { ApiSubAgentDefinition } from './api-subagent.js';

export const inspectorSubAgent: ApiSubAgentDefinition = {
  source: 'inspector',
  title: 'Amazon Inspector (vulnerabilities)',
  description: 'Software vulnerabilities (CVEs) Inspector found on EC2 instances, container images and Lambda functions, with the package to upgrade.',
  guidance: 'severityAtLeast is LOW, MEDIUM, HIGH or CRITICAL; status ACTIVE is still open, CLOSED fixed; vulnerabilityId takes a CVE id; resourceId an instance id.',
  examples: ['critical vulnerabilities in prod', 'which instances have CVE-2023-38545?'],
};
