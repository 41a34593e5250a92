import type { Filter } from '../../../pipeline-infra/query/query-spec.js';
import { COUNT_ALIAS, type SourceQuery } from '../source-query.js';
import { asksCount, topN } from '../question-words.js';

const SEVERITY: [RegExp, number, string][] = [
  [/\bcritical\b/, 9, 'critical'],
  [/\bhigh(?:[ -]severity)?\b/, 7, 'high or critical'],
  [/\bmedium\b/, 4, 'medium or higher'],
];

/** The severity ("high": 7 and above) and finding type a question names; the lake and the API filter on both. */
export function guardDutyFilters(question: string): { severity?: { atLeast: number; words: string }; type?: string; conditions: string[] } {
  const severity = SEVERITY.find(([pattern]) => pattern.test(question.toLowerCase()));
  const type = /\b([A-Za-z]+:[A-Za-z0-9]+\/[A-Za-z0-9.!_-]+)\b/.exec(question)?.[1];
  return {
    ...(severity ? { severity: { atLeast: severity[1], words: severity[2] } } : {}),
    ...(type ? { type } : {}),
    conditions: [...(severity ? [`of ${severity[2]} severity`] : []), ...(type ? [`of type ${type}`] : [])],
  };
}

/** Counts and groups: the lake aggregates them (the API only lists findings). */
export function asksGuardDutyAggregate(question: string): boolean {
  const text = question.toLowerCase();
  return asksCount(text) || /\bby (?:type|severity)\b|\btop\b|\bmost common\b/.test(text);
}

/** Findings by severity, by type, or listed newest first. */
export function planGuardDuty(question: string): SourceQuery {
  const text = question.toLowerCase();
  const { severity, type, conditions } = guardDutyFilters(question);
  const filters: Filter[] = [];
  if (severity) filters.push({ column: 'detail.severity', op: 'gte', value: severity.atLeast });
  if (type) filters.push({ column: 'detail.type', op: 'eq', value: type });
  if (asksGuardDutyAggregate(question)) {
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
