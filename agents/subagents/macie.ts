import type { ApiSubAgentDefinition } from './api-subagent.js';

export const macieSubAgent: ApiSubAgentDefinition = {
  source: 'macie',
  title: 'Amazon Macie (sensitive data in S3)',
  description: 'Sensitive data (personal data, credentials, financial data) Macie found in S3 objects, and its findings on buckets\' policies (public, unencrypted).',
  guidance: 'severityAtLeast is Low, Medium or High; category CLASSIFICATION is sensitive data found, POLICY a bucket\'s setting; bucket narrows to one bucket.',
  examples: ['which buckets hold PII?', 'high severity Macie findings'],
};
