import { screenQuestion } from '../../../agents/planner/screening.js';

describe('screening: read-only and on-topic', () => {
  it.each([
    'Delete the CloudTrail trail stratus-red-team-ctes-trail-qyxyekjbtk in prod.',
    'please terminate i-0123456789abcdef0',
    'Can you stop all instances in dev?',
    'create an IAM user called eve',
    'could you please attach AdministratorAccess to bob',
    'Revoke the ingress rule on sg-0123456789abcdef0',
  ])('refuses the write request %p', (question) => {
    expect(screenQuestion(question)).toMatchObject({ verdict: 'refuse', category: 'write' });
  });

  it.each(['Write me a poem about cats.', 'tell me a joke', 'What is the capital of France?', 'give me a cake recipe'])('refuses the off-topic %p', (question) => {
    expect(screenQuestion(question)).toMatchObject({ verdict: 'refuse', category: 'off_topic' });
  });

  it.each([
    'Who deleted the CloudTrail trail in prod?',
    'who stopped or terminated EC2 instances in prod last week?',
    'Show the rejected connections in prod flow logs',
    'Were there any failed console sign-ins today?',
    'which jokes did the security team put in the S3 bucket policy?',
  ])('lets the question %p through', (question) => {
    expect(screenQuestion(question)).toEqual({ verdict: 'ok' });
  });
});
