/** How people name AWS services, and the codes Health and Service Quotas use for them (lower case). */
const SERVICES: [RegExp, string][] = [
  [/\bec2\b|\binstances?\b|\bvcpus?\b/, 'ec2'],
  [/\brds\b|\bdatabases?\b/, 'rds'],
  [/\blambda\b|\bconcurren\w*\b/, 'lambda'],
  [/\bvpcs?\b/, 'vpc'],
  [/\bs3\b/, 's3'],
  [/\bebs\b|\bvolumes?\b/, 'ebs'],
  [/\b(?:elb|load balancers?)\b/, 'elasticloadbalancing'],
];

export function awsServiceCodes(text: string): string[] {
  return SERVICES.filter(([pattern]) => pattern.test(text)).map(([, code]) => code);
}
