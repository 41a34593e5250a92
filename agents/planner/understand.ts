import { API_SOURCE_NAMES, type ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import { apiRequestSchema } from '../../pipeline-infra/api-sources/services/index.js';
import { tableForSource } from '../../pipeline-infra/catalog/index.js';
import type { SourceName } from '../../pipeline-infra/catalog/types.js';
import type { OrgConfig } from '../../pipeline-infra/config/org-config.js';
import { querySpecSchema } from '../../pipeline-infra/query/query-spec.js';
import { planCloudTrail } from './cloudtrail/plan-cloudtrail.js';
import type { ApiPlan, LakePlan, PlanScope, PlanSource, PreviousTurn, Understanding } from './plan.js';
import { looksLikeFollowUp } from './question-words.js';
import { resolveAccounts, resolveRegions, type AccountRef } from './scope.js';
import { screenQuestion } from './screening.js';
import { COUNT_ALIAS, type SourceQuery } from './source-query.js';
import { planCloudWatch } from './sources/cloudwatch.js';
import { planConfig } from './sources/config.js';
import { planCur } from './sources/cur.js';
import { API_PLANNERS } from './sources/api/index.js';
import { planFlowLogs } from './sources/flowlogs.js';
import { asksGuardDutyAggregate, planGuardDuty } from './sources/guardduty.js';
import { resolveTimeRange, type TimeRange } from './time-range.js';

export interface UnderstandingContext {
  now: Date;
  timeZone: string;
  config: OrgConfig;
  /** Accounts this conversation may query (a channel's policy); undefined means all. */
  allowedAccounts?: string[];
  previous?: PreviousTurn;
}

export const MAX_QUESTION_LENGTH = 2000;
const DEFAULT_WINDOW_DAYS = 7;

export const EXAMPLE_PHRASINGS = [
  'who stopped or terminated EC2 instances in prod last week?',
  'how many API calls failed in prod yesterday?',
  'what were the five most frequent API calls in dev today?',
  'what did alice do in prod on 2024-03-04?',
  'which security groups were opened to 0.0.0.0/0 this week?',
  'how much did prod spend on EC2 last month?',
];

/** "who made it public?", "when was it opened?": questions about an action, which CloudTrail answers, not a state. */
const ASKS_WHO_DID = /\bwho\b|\bwhen (?:was|were|did)\b/;

const SOURCE_WORDS: [PlanSource, RegExp][] = [
  ['cloudtrail', /\bcloudtrail\b|\bapi calls?\b/],
  ['cur', /\b(?:costs?|spend|spent|spending|bill|billing|invoice|charges?|pricing|expensive|cheaper|budget|how much (?:did|does|do|have|has)\b(?!.*\b(?:traffic|data|bytes)\b))/],
  ['flowlogs', /\bflow ?logs?\b|\bvpc flows?\b|\b(?:network )?traffic\b|\bconnections?\b|\btalkers?\b|\bbandwidth\b|\bpackets?\b|\bport ?scans?\b|\bscann(?:ed|ing)\b/],
  // Before GuardDuty: their questions say "findings" too.
  ['macie', /\bmacie\b|\bsensitive data\b|\bpii\b|\bpersonal (?:data|information)\b|\bcredit card (?:numbers?|data)\b/],
  ['inspector', /\binspector\b|\bcves?\b|\bcve-\d{4}-\d+\b|\bvulnerab\w*\b|\bunpatched\b/],
  ['access-analyzer', /\baccess analy[sz]er\b|\bexternal access\b|\bcross[- ]account access\b|\bpublic(?:ly)?(?: (?:accessible|readable|exposed|open))? (?:s3 )?buckets?\b|\bbuckets?\b[^?.]*\b(?:public(?:ly)?|exposed|open to (?:the )?(?:world|internet|public))\b/],
  ['guardduty', /\bguard ?duty\b|\bfindings?\b|\bthreat detection\b/],
  ['cloudwatch', /\blog groups?\b|\bcloudwatch logs?\b|\bapplication logs?\b|\/aws\/lambda\/|\blambda (?:errors?|logs?|timeouts?)\b|\bexceptions?\b|\bstack traces?\b/],
  ['config', /\baws config\b|\bconfiguration (?:items?|changes?|history)\b|\bconfig (?:items?|changes?|history)\b|\bAWS::\w+::\w+|\bcompliance\b/i],
  ['health', /\b(?:aws )?health (?:events?|dashboard|notifications?|issues?)\b|\bscheduled (?:maintenance|changes?)\b|\bmaintenance (?:events?|windows?)\b|\bservice (?:events?|issues?|outages?|disruptions?)\b|\baws outages?\b|\binstance retirements?\b/],
  ['quotas', /\bquotas?\b|\bservice limits?\b|\b(?:near|close to|approaching|reaching|hitting) (?:their |the |its |our |a )?limits?\b/],
  ['organizations', /\baccounts?\b[^?.]{0,40}\borgani[sz]ation\b|\borgani[sz]ation(?:'s)? accounts\b|\borgani[sz]ational units?\b|\bous?\b(?= |\?|$)|\bmember accounts\b|\bwhich accounts (?:are there|exist|do we have)\b|\b(?:list|show)(?: me)? (?:the |all |our )?accounts\b/],
];

/** API sources that describe a state (what is public, what is near its limit): an action's "who" is CloudTrail's. */
const STATE_SOURCES: PlanSource[] = ['access-analyzer', 'quotas', 'organizations', 'health', 'macie', 'inspector'];

/** C0 controls other than tab, newline and carriage return, DEL, and C1 controls. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Mostly letters, digits, spaces and punctuation a person types; emoji count as text too. */
function readsAsText(question: string): boolean {
  const characters = [...question];
  const typed = characters.filter((c) => /[\p{L}\p{N}\p{Zs}\p{P}\p{Extended_Pictographic}\u200d\ufe0f$+<=>^`|~]/u.test(c)).length;
  return typed / characters.length >= 0.9;
}

/**
 * The offline planner: deterministic question understanding. It decides the source, the query,
 * the time range (in the asker's zone) and the accounts, and says plainly when it cannot.
 */
export function understandQuestion(rawQuestion: string, context: UnderstandingContext): Understanding {
  const question = rawQuestion.replace(/\s+/g, ' ').trim();
  if (!question) return { kind: 'clarify', reason: 'The question is empty.', suggestions: EXAMPLE_PHRASINGS };
  // The raw text: its spacing can matter ("l i s t   y o u r   t o o l s"), and a disguise is refused as what it hides.
  const screening = screenQuestion(rawQuestion);
  if (screening.verdict === 'refuse') return { kind: 'refuse', category: screening.category, reason: screening.reason };
  if (CONTROL_CHARACTERS.test(rawQuestion) || !readsAsText(question)) {
    return { kind: 'clarify', reason: 'The question does not read as text (it holds control characters or binary data). Type it in plain words.', suggestions: EXAMPLE_PHRASINGS };
  }
  if (!/[\p{L}\p{N}]/u.test(question)) return { kind: 'clarify', reason: 'The question has no words in it. Ask in plain words.', suggestions: EXAMPLE_PHRASINGS };
  if (question.length > MAX_QUESTION_LENGTH) {
    return { kind: 'clarify', reason: `The question is ${question.length} characters long; ask it in under ${MAX_QUESTION_LENGTH}.`, suggestions: EXAMPLE_PHRASINGS };
  }

  const text = question.toLowerCase();
  const followUp = context.previous && looksLikeFollowUp(text) ? context.previous : undefined;
  const named = SOURCE_WORDS.find(([source, pattern]) => pattern.test(text) && !(STATE_SOURCES.includes(source) && ASKS_WHO_DID.test(text)))?.[0];
  const source = named ?? followUp?.plan.source ?? 'cloudtrail';

  const accountScope = resolveAccounts(question, context.config);
  if (accountScope.kind === 'unknown_alias') {
    const known = context.config.accounts.map((a) => a.alias).join(', ');
    return { kind: 'clarify', reason: `I don't know an account called "${accountScope.name}".${known ? ` Known accounts: ${known}.` : ' No account aliases are configured.'} Use an alias or the 12-digit account id.`, suggestions: EXAMPLE_PHRASINGS };
  }
  let accounts: AccountRef[] = accountScope.kind === 'accounts' ? accountScope.accounts : followUp?.plan.scope.accounts ?? [];
  if (context.allowedAccounts) {
    // No account allowed is no account at all, never "every account" (what an empty list means to a query).
    if (context.allowedAccounts.length === 0) return { kind: 'refuse', category: 'unauthorized', reason: 'This conversation may not query any account. Ask in a channel whose policy includes the accounts you need, such as #oncall.' };
    const denied = accounts.filter((a) => !context.allowedAccounts!.includes(a.id));
    if (denied.length) {
      return { kind: 'refuse', category: 'unauthorized', reason: `This channel may not query ${denied.map((a) => a.alias ?? a.id).join(', ')}. Ask in a channel whose policy includes ${denied.length > 1 ? 'them' : 'it'}, such as #oncall.` };
    }
    if (accounts.length === 0) accounts = context.allowedAccounts.map((id) => ({ id, alias: context.config.accounts.find((a) => a.id === id)?.alias }));
  }
  const statedRegions = resolveRegions(question);
  const regions = statedRegions.length ? statedRegions : followUp?.plan.scope.regions ?? [];

  const stated = resolveTimeRange(question, { now: context.now, timeZone: context.timeZone });
  const time: TimeRange & { stated: boolean } = stated
    ? { ...stated, stated: true }
    : followUp
      ? { from: new Date(followUp.plan.scope.from), to: new Date(followUp.plan.scope.to), phrase: followUp.plan.scope.timePhrase, timeZone: followUp.plan.scope.timeZone, stated: followUp.plan.scope.timeStated }
      : { from: new Date(context.now.getTime() - DEFAULT_WINDOW_DAYS * 86_400_000), to: context.now, phrase: `the last ${DEFAULT_WINDOW_DAYS} days`, timeZone: context.timeZone, stated: false };
  if (time.from.getTime() > context.now.getTime()) {
    return { kind: 'clarify', reason: `"${time.phrase}" is in the future (it is now ${context.now.toISOString()}).`, suggestions: EXAMPLE_PHRASINGS };
  }

  const scope = { accounts, regions, timePhrase: time.phrase, timeZone: time.timeZone, timeStated: time.stated };
  // GuardDuty is both: its counts and groupings are the lake's, its listings the API's.
  if (API_SOURCE_NAMES.includes(source as ApiSourceName) && !(source === 'guardduty' && asksGuardDutyAggregate(question))) {
    return { kind: 'plan', plan: apiPlan(source as ApiSourceName, question, scope, time, context.now, followUp) };
  }
  const plan = lakePlan(source as SourceName, question, scope, time, followUp);
  if (!plan) {
    return {
      kind: 'clarify',
      reason: 'I could not tell what to look for. Name an action (stopped instances, deleted buckets, console sign-ins), an API call, a user, an IP address, or ask how many / which / top N.',
      suggestions: EXAMPLE_PHRASINGS,
    };
  }
  return { kind: 'plan', plan };
}

/** A lake source's plan: its planner's query, with the table, time range and scope. */
function lakePlan(source: SourceName, question: string, scope: Omit<PlanScope, 'from' | 'to'>, time: TimeRange & { stated: boolean }, followUp: PreviousTurn | undefined): LakePlan | undefined {
  const { accounts, regions } = scope;
  const planned = planFor(source, question, followUp);
  if (!planned) return undefined;
  const { query, basis } = planned;
  const table = tableForSource(source);
  const aggregates = query.aggregates ?? (query.shape === 'events' ? [] : [{ fn: 'count' as const, as: COUNT_ALIAS }]);
  const spec = querySpecSchema.parse({
    table: table.name,
    select: query.select,
    filters: query.filters,
    time: { from: time.from.toISOString(), to: time.to.toISOString() },
    accounts: accounts.map((a) => a.id),
    regions,
    group_by: query.groupBy,
    aggregates,
    order_by: query.orderBy,
    limit: query.limit,
  });
  return {
    kind: 'lake',
    source,
    question,
    basis,
    shape: query.shape,
    spec,
    subject: query.subject,
    conditions: query.conditions,
    scope: { ...scope, from: spec.time.from, to: spec.time.to },
    entityColumns: query.entityColumns,
    ...(query.widenForLastN && !time.stated ? { widenForLastN: query.widenForLastN } : {}),
  };
}

/**
 * A read API's plan: its planner's request, with the accounts, regions and, where the question's
 * time filters rows, the range. A state (what is public now) is scoped "as of" the question.
 * GuardDuty's plan carries the lake's query too: its sub-agent decides by the range which to use.
 */
function apiPlan(source: ApiSourceName, question: string, scope: Omit<PlanScope, 'from' | 'to'>, time: TimeRange & { stated: boolean }, now: Date, followUp: PreviousTurn | undefined): ApiPlan {
  const query = API_PLANNERS[source](question);
  const timed = query.time === 'always' || (query.time === 'stated' && time.stated);
  const asOf = now.toISOString();
  const range = { from: time.from.toISOString(), to: time.to.toISOString() };
  const request = apiRequestSchema.parse({ ...query.request, accounts: scope.accounts.map((a) => a.id), regions: scope.regions, ...(timed ? range : {}) });
  const history = source === 'guardduty' ? lakePlan('guardduty', question, scope, time, followUp) : undefined;
  return {
    kind: 'api',
    source,
    question,
    basis: question,
    shape: 'events',
    request,
    asOf,
    ...(history ? { spec: history.spec } : {}),
    subject: query.subject,
    conditions: query.conditions,
    scope: timed ? { ...scope, ...range } : { ...scope, from: asOf, to: asOf, timePhrase: 'now', timeStated: false },
    entityColumns: query.entityColumns,
  };
}

/** The question's query; a follow-up that names too little is read with the thread's earlier questions. */
function planFor(source: SourceName, question: string, followUp: PreviousTurn | undefined): { query: SourceQuery; basis: string } | undefined {
  const alone = sourceQuery(source, question, followUp);
  if (alone) return { query: alone, basis: question };
  if (!followUp || followUp.plan.source !== source) return undefined;
  // Turns saved before plans had a basis have only their question.
  const basis = `${followUp.plan.basis ?? followUp.plan.question} ${question}`;
  const query = sourceQuery(source, basis, followUp);
  return query ? { query, basis } : undefined;
}

function sourceQuery(source: SourceName, question: string, followUp: PreviousTurn | undefined): SourceQuery | undefined {
  switch (source) {
    case 'cloudtrail':
      return planCloudTrail(question, followUp);
    case 'cur':
      return planCur(question);
    case 'flowlogs':
      return planFlowLogs(question);
    case 'guardduty':
      return planGuardDuty(question);
    case 'config':
      return planConfig(question);
    case 'cloudwatch':
      return planCloudWatch(question);
  }
}
