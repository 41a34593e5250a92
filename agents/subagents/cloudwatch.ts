import type { LakeSubAgentDefinition } from './lake-subagent.js';

export const cloudwatchSubAgent: LakeSubAgentDefinition = {
  source: 'cloudwatch',
  title: 'CloudWatch Logs',
  description: 'Application and Lambda logs from CloudWatch Logs, by log group: errors, exceptions, timeouts, what a service printed.',
  guidance: 'Each row is one log event (log_event.timestamp in epoch milliseconds, log_event.message); filter on loggroup, e.g. /aws/lambda/<function>.',
  examples: ['errors in /aws/lambda/checkout-api today', 'how many timeouts did the checkout-api lambda log yesterday?'],
};
