import type { Filter } from '../../../pipeline-infra/query/query-spec.js';
import { extractEntities } from '../cloudtrail/entities.js';
import { COUNT_ALIAS, type SourceQuery } from '../source-query.js';
import { topN } from '../question-words.js';

/** Network questions: rejected traffic, top talkers, traffic to or from an address, port scans. */
export function planFlowLogs(question: string): SourceQuery {
  const text = question.toLowerCase();
  const { ips, ports } = extractEntities(question);
  const filters: Filter[] = [];
  const conditions: string[] = [];
  if (/\b(?:reject\w*|denied|blocked|dropped)\b/.test(text)) {
    filters.push({ column: 'action', op: 'eq', value: 'REJECT' });
    conditions.push('rejected');
  } else if (/\baccept\w*|allowed\b/.test(text)) {
    filters.push({ column: 'action', op: 'eq', value: 'ACCEPT' });
    conditions.push('accepted');
  }
  for (const ip of ips) {
    const direction = new RegExp(`\\b(?:from|by|source)\\s+(?:ip\\s+)?${ip.replace(/\./g, '\\.')}`).test(text) ? 'srcaddr' : 'dstaddr';
    filters.push({ column: direction, op: 'eq', value: ip });
    conditions.push(`${direction === 'srcaddr' ? 'from' : 'to'} ${ip}`);
  }
  for (const port of ports) {
    filters.push({ column: 'dstport', op: 'eq', value: port });
    conditions.push(`to port ${port}`);
  }
  const limit = Math.min(topN(text) ?? 20, 20);
  if (/\bport ?scan\w*|\bscann\w*\b|\bprob\w*/.test(text)) {
    return {
      shape: 'groups', select: [], filters, groupBy: ['srcaddr', 'dstaddr'],
      aggregates: [{ fn: 'count_distinct', column: 'dstport', as: 'ports_probed' }, { fn: 'count', as: COUNT_ALIAS }],
      orderBy: [{ column: 'ports_probed', direction: 'desc' }], limit, subject: 'port scans (sources probing many ports)', conditions, entityColumns: ['srcaddr'],
    };
  }
  if (/\btalkers?\b|\bmost (?:traffic|bytes|data)\b|\bbandwidth\b|\bbiggest\b|\bheaviest\b/.test(text)) {
    return {
      shape: 'groups', select: [], filters, groupBy: ['srcaddr', 'dstaddr'],
      aggregates: [{ fn: 'sum', column: 'bytes', as: 'bytes' }, { fn: 'sum', column: 'packets', as: 'packets' }, { fn: 'count', as: COUNT_ALIAS }],
      orderBy: [{ column: 'bytes', direction: 'desc' }], limit, subject: 'top talkers', conditions, entityColumns: ['srcaddr', 'dstaddr'],
    };
  }
  return {
    shape: 'groups', select: [], filters, groupBy: ['srcaddr', 'dstaddr', 'dstport', 'protocol', 'action'],
    aggregates: [{ fn: 'sum', column: 'packets', as: 'packets' }, { fn: 'sum', column: 'bytes', as: 'bytes' }, { fn: 'count', as: COUNT_ALIAS }],
    orderBy: [{ column: COUNT_ALIAS, direction: 'desc' }], limit, subject: 'network flows', conditions, entityColumns: ['srcaddr', 'dstaddr'],
  };
}
