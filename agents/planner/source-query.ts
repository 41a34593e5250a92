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
