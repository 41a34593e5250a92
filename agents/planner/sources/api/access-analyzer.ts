import type { ApiQuery } from '../../source-query.js';

const RESOURCE_TYPES: [RegExp, string, string][] = [
  [/\bbuckets?\b|\bs3\b/, 'AWS::S3::Bucket', 'S3 buckets'],
  [/\broles?\b/, 'AWS::IAM::Role', 'IAM roles'],
  [/\bkms\b|\bkeys?\b/, 'AWS::KMS::Key', 'KMS keys'],
  [/\bsecrets?\b/, 'AWS::SecretsManager::Secret', 'secrets'],
  [/\bqueues?\b|\bsqs\b/, 'AWS::SQS::Queue', 'SQS queues'],
  [/\bfunctions?\b|\blambda\b/, 'AWS::Lambda::Function', 'Lambda functions'],
];

/** Resources reachable from outside: by anyone (public) or by other accounts, from IAM Access Analyzer. */
export function planAccessAnalyzer(question: string): ApiQuery<'access-analyzer'> {
  const text = question.toLowerCase();
  const publicOnly = /\bpublic(?:ly)?\b|\binternet\b|\banyone\b|\bworld\b|\banonymous\w*\b/.test(text) && !/\bcross[- ]account\b/.test(text);
  const types = RESOURCE_TYPES.filter(([pattern]) => pattern.test(text));
  const what = types.length ? types.map(([, , words]) => words).join(' and ') : 'resources';
  return {
    request: { service: 'access-analyzer', publicOnly, resourceTypes: types.map(([, type]) => type) },
    time: 'never',
    subject: publicOnly ? `${what} open to the public` : `${what} shared publicly or with other accounts`,
    conditions: ['(IAM Access Analyzer)'],
    entityColumns: ['resource'],
  };
}
