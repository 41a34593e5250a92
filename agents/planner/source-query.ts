import type { ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import type { ApiRequestInput } from '../../pipeline-infra/api-sources/services/index.js';
import type { Filter, QuerySpec, SelectItem } from '../../pipeline-infra/query/query-spec.js';
import type { AnswerShape } from './plan.js';

/** What a source's planner decides; the shared planner adds the table, time and scope. */
export interface SourceQuery {
  shape: AnswerShape;
  select: SelectItem[];
  filters: Filter[];
  groupBy: string[];
  aggregates?: QuerySpec['aggregates'];
  orderBy: QuerySpec['order_by'];
  limit: number;
  subject: string;
  conditions: string[];
  entityColumns: string[];
  widenForLastN?: number;
}

/** The aggregate every "groups" and "count" shape reads: the number of matching rows. */
export const COUNT_ALIAS = 'events';

/** What an API source's planner decides; the shared planner adds accounts, regions and (where it applies) the time range. */
export interface ApiQuery<S extends ApiSourceName = ApiSourceName> {
  request: Omit<Extract<ApiRequestInput, { service: S }>, 'accounts' | 'regions' | 'from' | 'to'>;
  /**
   * Whether the question's time range filters the rows: `always` (findings of a period; the default
   * window when none is stated), `stated` (only a range the question names), `never` (a state: now).
   */
  time: 'always' | 'stated' | 'never';
  subject: string;
  conditions: string[];
  entityColumns: string[];
}
