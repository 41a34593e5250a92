import type { Filter } from '../../../pipeline-infra/query/query-spec.js';
import { COUNT_ALIAS, type SourceQuery } from '../source-query.js';
import { asksCount } from '../question-words.js';

/** Log questions: errors (or any text) in a log group, counted or listed newest first. */
export function planCloudWatch(question: string): SourceQuery {
  const text = question.toLowerCase();
  const filters: Filter[] = [];
  const conditions: string[] = [];
  const group = /(\/aws\/[\w./-]+|\/[\w-]+\/[\w./-]+)/.exec(question)?.[1] ?? lambdaGroup(question);
  if (group) {
    filters.push({ column: 'loggroup', op: 'eq', value: group });
    conditions.push(`in ${group}`);
  }
  if (/\berrors?\b|\bexceptions?\b|\bfail\w*\b/.test(text)) {
    filters.push({ column: 'log_event.message', op: 'contains', value: 'error', ignore_case: true });
    conditions.push('mentioning errors');
  } else if (/\btimeouts?\b|\btimed out\b/.test(text)) {
    filters.push({ column: 'log_event.message', op: 'contains', value: 'timed out', ignore_case: true });
    conditions.push('mentioning timeouts');
  }
  if (asksCount(text) || /\bwhich log groups?\b|\bby log group\b/.test(text)) {
    return { shape: 'groups', select: [], filters, groupBy: ['loggroup'], orderBy: [{ column: COUNT_ALIAS, direction: 'desc' }], limit: 20, subject: 'log events', conditions, entityColumns: ['loggroup'] };
  }
  return {
    shape: 'events',
    select: [{ column: 'log_event.timestamp', as: 'timestamp_ms' }, { column: 'loggroup' }, { column: 'logstream' }, { column: 'log_event.message', as: 'message' }, { column: 'owner', as: 'account' }],
    filters, groupBy: [], orderBy: [{ column: 'log_event.timestamp', direction: 'desc' }], limit: 20, subject: 'log events', conditions, entityColumns: ['loggroup'],
  };
}

/** "errors in the checkout-api lambda" → /aws/lambda/checkout-api */
function lambdaGroup(question: string): string | undefined {
  const name = /\b([a-z0-9][\w-]*[a-z0-9])\s+(?:lambda|function)\b|\b(?:lambda|function)\s+([a-z0-9][\w-]*[a-z0-9])\b/i.exec(question);
  const fn = name?.[1] ?? name?.[2];
  return fn && !/^(?:the|a|an|my|our|which|what|any)$/i.test(fn) ? `/aws/lambda/${fn}` : undefined;
}
