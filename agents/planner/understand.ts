import { tableForSource } from '../../pipeline-infra/catalog/index.js';
import type { SourceName } from '../../pipeline-infra/catalog/types.js';
import type { OrgConfig } from '../../pipeline-infra/config/org-config.js';
import { querySpecSchema } from '../../pipeline-infra/query/query-spec.js';
import { planCloudTrail } from './cloudtrail/plan-cloudtrail.js';
import type { Plan, PreviousTurn, Understanding } from './plan.js';
import { looksLikeFollowUp } from './question-words.js';
import { resolveAccounts, resolveRegions, type AccountRef } from './scope.js';
import { screenQuestion } from './screening.js';
import { COUNT_ALIAS, type SourceQuery } from './source-query.js';
import { planCloudWatch } from './sources/cloudwatch.js';
import { planConfig } from './sources/config.js';
import { planCur } from './sources/cur.js';
import { planFlowLogs } from './sources/flowlogs.js';
import { planGuardDuty } from './sources/guardduty.js';
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

const SOURCE_WORDS: [SourceName, RegExp][] = [
  ['cloudtrail', /\bcloudtrail\b|\bapi calls?\b/],
  ['cur', /\b(?:costs?|spend|spent|spending|bill|billing|invoice|charges?|pricing|expensive|cheaper|budget|how much (?:did|does|do|have|has)\b(?!.*\b(?:traffic|data|bytes)\b))/],
  ['flowlogs', /\bflow ?logs?\b|\bvpc flows?\b|\b(?:network )?traffic\b|\bconnections?\b|\btalkers?\b|\bbandwidth\b|\bpackets?\b|\bport ?scans?\b|\bscann(?:ed|ing)\b/],
  ['guardduty', /\bguard ?duty\b|\bfindings?\b|\bthreat detection\b/],
  ['cloudwatch', /\blog groups?\b|\bcloudwatch logs?\b|\bapplication logs?\b|\/aws\/lambda\/|\blambda (?:errors?|logs?|timeouts?)\b|\bexceptions?\b|\bstack traces?\b/],
  ['config', /\baws config\b|\bconfiguration (?:items?|changes?|history)\b|\bconfig (?:items?|changes?|history)\b|\bAWS::\w+::\w+|\bcompliance\b/i],
];

/**
 * The offline planner: deterministic question understanding. It decides the source, the query,
 * the time range (in the asker's zone) and the accounts, and says plainly when it cannot.
 */
export function understandQuestion(rawQuestion: string, context: UnderstandingContext): Understanding {
  const question = rawQuestion.replace(/\s+/g, ' ').trim();
  if (!question || !/[\p{L}\p{N}]/u.test(question)) {
    return { kind: 'clarify', reason: 'The question is empty.', suggestions: EXAMPLE_PHRASINGS };
  }
  if (question.length > MAX_QUESTION_LENGTH) {
    return { kind: 'clarify', reason: `The question is ${question.length} characters long; ask it in under ${MAX_QUESTION_LENGTH}.`, suggestions: EXAMPLE_PHRASINGS };
  }
  const screening = screenQuestion(question);
  if (screening.verdict === 'refuse') return { kind: 'refuse', category: screening.category, reason: screening.reason };

  const text = question.toLowerCase();
  const followUp = context.previous && looksLikeFollowUp(text) ? context.previous : undefined;
  const source = SOURCE_WORDS.find(([, pattern]) => pattern.test(question))?.[0] ?? followUp?.plan.source ?? 'cloudtrail';

  const accountScope = resolveAccounts(question, context.config);
  if (accountScope.kind === 'unknown_alias') {
    const known = context.config.accounts.map((a) => a.alias).join(', ');
    return { kind: 'clarify', reason: `I don't know an account called "${accountScope.name}".${known ? ` Known accounts: ${known}.` : ' No account aliases are configured.'} Use an alias or the 12-digit account id.`, suggestions: EXAMPLE_PHRASINGS };
  }
  let accounts: AccountRef[] = accountScope.kind === 'accounts' ? accountScope.accounts : followUp?.plan.scope.accounts ?? [];
  if (context.allowedAccounts) {
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

  const query = planFor(source, question, followUp);
  if (!query) {
    return {
      kind: 'clarify',
      reason: 'I could not tell what to look for. Name an action (stopped instances, deleted buckets, console sign-ins), an API call, a user, an IP address, or ask how many / which / top N.',
      suggestions: EXAMPLE_PHRASINGS,
    };
  }
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
  const plan: Plan = {
    source,
    question,
    shape: query.shape,
    spec,
    subject: query.subject,
    conditions: query.conditions,
    scope: { accounts, regions, from: spec.time.from, to: spec.time.to, timePhrase: time.phrase, timeZone: time.timeZone, timeStated: time.stated },
    entityColumns: query.entityColumns,
    ...(query.widenForLastN && !time.stated ? { widenForLastN: query.widenForLastN } : {}),
  };
  return { kind: 'plan', plan };
}

function planFor(source: SourceName, question: string, followUp: PreviousTurn | undefined): SourceQuery | undefined {
  switch (source) {
    case 'cloudtrail':
      return planCloudTrail(question, followUp) ?? (followUp && followUp.plan.source === 'cloudtrail' ? planCloudTrail(`${followUp.plan.question} ${question}`, followUp) : undefined);
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
