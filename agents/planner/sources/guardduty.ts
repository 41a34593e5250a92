import type { Filter } from '../../../pipeline-infra/query/query-spec.js';
import { COUNT_ALIAS, type SourceQuery } from '../source-query.js';
import { asksCount, topN } from '../question-words.js';

const SEVERITY: [RegExp, number, string][] = [
  [/\bcritical\b/, 9, 'critical'],
  [/\bhigh(?:[ -]severity)?\b/, 7, 'high or critical'],
  [/\bmedium\b/, 4, 'medium or higher'],
];

/** Findings by severity, by type, or listed newest first. */
export function planGuardDuty(question: string): SourceQuery {
  const text = question.toLowerCase();
  const filters: Filter[] = [];
  const conditions: string[] = [];
  const severity = SEVERITY.find(([pattern]) => pattern.test(text));
  if (severity) {
    filters.push({ column: 'detail.severity', op: 'gte', value: severity[1] });
    conditions.push(`of ${severity[2]} severity`);
  }
  const type = /\b([A-Za-z]+:[A-Za-z0-9]+\/[A-Za-z0-9.!_-]+)\b/.exec(question)?.[1];
  if (type) {
    filters.push({ column: 'detail.type', op: 'eq', value: type });
    conditions.push(`of type ${type}`);
  }
  if (asksCount(text) || /\bby (?:type|severity)\b|\btop\b|\bmost common\b/.test(text)) {
    const column = /\bseverity\b/.test(text) && !severity ? 'detail.severity' : 'detail.type';
    return {
      shape: 'groups', select: [], filters, groupBy: [column], orderBy: [{ column: COUNT_ALIAS, direction: 'desc' }],
      limit: Math.min(topN(text) ?? 20, 20), subject: 'GuardDuty findings', conditions: [...conditions, `by ${column === 'detail.type' ? 'type' : 'severity'}`], entityColumns: [column],
    };
  }
  return {
    shape: 'events',
    select: [{ column: 'detail.updatedat', as: 'updated_at' }, { column: 'detail.severity', as: 'severity' }, { column: 'detail.type', as: 'type' }, { column: 'detail.title', as: 'title' }, { column: 'detail.accountid', as: 'account' }, { column: 'detail.region', as: 'region' }, { column: 'detail.id', as: 'finding_id' }],
    filters, groupBy: [], orderBy: [{ column: 'detail.severity', direction: 'desc' }], limit: 20, subject: 'GuardDuty findings', conditions, entityColumns: ['finding_id'],
  };
}
