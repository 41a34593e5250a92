import type { ApiSubAgentDefinition } from './api-subagent.js';

export const organizationsSubAgent: ApiSubAgentDefinition = {
  source: 'organizations',
  title: 'AWS Organizations (accounts and OUs)',
  description: 'The organization\'s accounts: ids, names, e-mail, status, when they joined, and the organizational unit (OU) holding each.',
  guidance: 'status is ACTIVE, SUSPENDED or PENDING_CLOSURE; ou takes an OU\'s name or id.',
  examples: ['which accounts are in the organization?', 'accounts in the Production OU'],
};
