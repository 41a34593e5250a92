import type { ApiSubAgentDefinition } from './api-subagent.js';

export const healthSubAgent: ApiSubAgentDefinition = {
  source: 'health',
  title: 'AWS Health events',
  description: 'AWS Health events of each account: service issues and outages, scheduled maintenance and retirements, open, upcoming or closed.',
  guidance: 'status is open, upcoming or closed; categories are issue, scheduledChange and accountNotification; services are codes such as EC2, RDS, LAMBDA.',
  examples: ['open health events in prod', 'scheduled maintenance this week'],
};
