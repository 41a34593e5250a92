import type { ApiQuery } from '../../source-query.js';

/** The organization's accounts, with their OUs; suspended ones, or one OU's. */
export function planOrganizations(question: string): ApiQuery<'organizations'> {
  const text = question.toLowerCase();
  const status = /\bsuspended\b/.test(text) ? 'SUSPENDED' : /\bclosing\b|\bpending closure\b/.test(text) ? 'PENDING_CLOSURE' : undefined;
  const ou = /\b(?:in|under) the ([\w-]+) (?:ou|organizational unit)\b/.exec(text)?.[1] ?? /\b(ou-[a-z0-9]+-[a-z0-9]+)\b/.exec(text)?.[1];
  return {
    request: { service: 'organizations', ...(status ? { status } : {}), ...(ou ? { ou } : {}) },
    time: 'never',
    subject: 'accounts in the organization',
    conditions: [...(status ? [`that are ${status.toLowerCase().replace('_', ' ')}`] : []), ...(ou ? [`in the ${ou} OU`] : [])],
    entityColumns: ['account', 'ou'],
  };
}
