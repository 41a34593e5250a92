import type { LakeSubAgentDefinition } from './lake-subagent.js';

export const cloudtrailSubAgent: LakeSubAgentDefinition = {
  source: 'cloudtrail',
  title: 'CloudTrail (API activity)',
  description: 'Who did what through the AWS API: CloudTrail events (API calls, console sign-ins, failed and denied calls, changes to IAM, EC2, S3, KMS…). Use for "who …", "what did user … do", "how many calls …".',
  guidance:
    'Filter on eventname (exact API names, e.g. StopInstances) and eventsource; a call succeeded when errorcode is null. ' +
    'Console sign-ins are ConsoleLogin events; a failed one has responseelements.ConsoleLogin = Failure. ' +
    'IAM, STS and other global services log in us-east-1. Resource names are inside requestparameters (e.g. requestparameters.bucketName).',
  examples: ['who stopped EC2 instances in prod last week?', 'what did alice do yesterday?', 'how many API calls failed today?'],
};
