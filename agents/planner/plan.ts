import type { ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import type { ApiRequest } from '../../pipeline-infra/api-sources/services/index.js';
import type { SourceName } from '../../pipeline-infra/catalog/types.js';
import type { Filter, QuerySpec } from '../../pipeline-infra/query/query-spec.js';
import type { AccountRef } from './scope.js';
import type { ScreeningCategory } from './screening.js';

/** How the rows answer the question, which decides how the summary reads them. */
export type AnswerShape =
  /** one row, one number: "how many …" */
  | 'count'
  /** groups with counts, most first: "top 5 …", "which identities used …" */
  | 'groups'
  /** events, newest first: "who deleted …", "show the last 5 …" */
  | 'events';

/** The scope every answer states: accounts, regions and the absolute time range. */
export interface PlanScope {
  accounts: AccountRef[];
  regions: string[];
  from: string;
  to: string;
  /** How the question put it ("today"), or the default the planner chose. */
  timePhrase: string;
  timeZone: string;
  timeStated: boolean;
}

/** A question understood: which source, which query, and how to read its rows. */
interface PlanBase {
  question: string;
  /**
   * What the plan was read from: the question, or for a follow-up that says little by itself
   * ("same for dev"), the thread's earlier questions and this one, so a third step still knows
   * what the first asked.
   */
  basis: string;
  shape: AnswerShape;
  /** What is being looked at, in plain words: "GetSecretValue calls", "deleted S3 buckets". */
  subject: string;
  /** Conditions in plain words: "that failed", "from 10.248.16.43". */
  conditions: string[];
  scope: PlanScope;
  /** Columns whose values name what the rows are about (user names, bucket names), for follow-ups. */
  entityColumns: string[];
  /** "the last 5 events": widen the window month by month until found (up to six months). */
  widenForLastN?: number;
}

/** A question for a lake table, answered by a QuerySpec. */
export interface LakePlan extends PlanBase {
  kind: 'lake';
  source: SourceName;
  spec: QuerySpec;
}

/** A question for an AWS read API, answered by that API's own typed request. */
export interface ApiPlan extends PlanBase {
  kind: 'api';
  source: ApiSourceName;
  request: ApiRequest;
  /** When the question was asked (ISO): GuardDuty's 90 days are counted back from it. */
  asOf: string;
  /** GuardDuty: the same question over the lake's findings, for a range the API no longer keeps. */
  spec?: QuerySpec;
}

export type Plan = LakePlan | ApiPlan;

/** Where a question can be sent: a lake table's source or a read API (GuardDuty is both). */
export type PlanSource = SourceName | ApiSourceName;

export type Understanding =
  | { kind: 'plan'; plan: Plan }
  | { kind: 'refuse'; category: ScreeningCategory | 'unauthorized'; reason: string }
  | { kind: 'clarify'; reason: string; suggestions: string[] };

/** What a session remembers of its previous question, so a follow-up can change one part of it. */
export interface PreviousTurn {
  plan: Plan;
  /** Values of the plan's entity columns in the answer's rows ("which of them …"). */
  entities: Record<string, string[]>;
}

export type { Filter };
