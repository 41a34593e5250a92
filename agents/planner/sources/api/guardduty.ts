import type { ApiQuery } from '../../source-query.js';
import { guardDutyFilters } from '../guardduty.js';

/** Recent findings from the GuardDuty API, most severe first: the same filters as the lake's query. */
export function planGuardDutyApi(question: string): ApiQuery<'guardduty'> {
  const { severity, type, conditions } = guardDutyFilters(question);
  return {
    request: { service: 'guardduty', ...(severity ? { severityAtLeast: severity.atLeast } : {}), ...(type ? { types: [type] } : {}) },
    time: 'always',
    subject: 'GuardDuty findings',
    conditions,
    entityColumns: ['finding_id', 'resource'],
  };
}
