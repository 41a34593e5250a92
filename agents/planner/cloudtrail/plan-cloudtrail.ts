import type { Filter, SelectItem } from '../../../pipeline-infra/query/query-spec.js';
import type { PreviousTurn } from '../plan.js';
import type { SourceQuery } from '../source-query.js';
import { asksCount, lastN, outcome, refersToPreviousRows, topN } from '../question-words.js';
import { explicitEventNames, matchActionConcepts, type ActionConcept, type ConceptMatch } from './actions.js';
import { extractEntities, type Entities } from './entities.js';

/** The CloudTrail planner's answer, with the event names understood (remembered for follow-ups). */
export interface CloudTrailQuery extends SourceQuery {
  eventNames: string[];
}

interface Dimension {
  id: string;
  label: string;
  pattern: RegExp;
  columns: string[];
  filters?: Filter[];
  /** The request field naming the same kind of thing: "which users got login profiles" lists those users. */
  resourceField?: string;
}

const DIMENSIONS: Dimension[] = [
  { id: 'iam_user', label: 'IAM users', pattern: /\biam users?\b/, columns: ['useridentity.username'], filters: [{ column: 'useridentity.type', op: 'eq', value: 'IAMUser' }], resourceField: 'user_name' },
  { id: 'error', label: 'error codes', pattern: /\berror(?: codes?| types?| messages?|s)?\b|\bfailure (?:reasons|types|codes)\b/, columns: ['errorcode'], filters: [{ column: 'errorcode', op: 'is_not_null' }] },
  { id: 'ip', label: 'source IP addresses', pattern: /\b(?:source )?ip(?: address(?:es)?|s)?\b|\baddresses\b/, columns: ['sourceipaddress'] },
  { id: 'identity', label: 'identities', pattern: /\b(?:identit(?:y|ies)|principals?|callers?|users?|people|persons?|humans?)\b/, columns: ['useridentity.type', 'useridentity.username', 'useridentity.arn'], resourceField: 'user_name' },
  { id: 'role', label: 'roles', pattern: /\broles?\b/, columns: ['useridentity.sessioncontext.sessionissuer.username'], filters: [{ column: 'useridentity.type', op: 'eq', value: 'AssumedRole' }], resourceField: 'role_name' },
  { id: 'invoker', label: 'AWS services acting for callers', pattern: /\b(?:aws )?services?\b(?=.*\b(?:invok|call|trigger|assum|on behalf)\w*)/, columns: ['useridentity.invokedby'] },
  { id: 'service', label: 'services', pattern: /\b(?:aws )?services?\b|\bevent sources?\b/, columns: ['eventsource'] },
  { id: 'account', label: 'accounts', pattern: /\baccounts?\b/, columns: ['recipientaccountid'] },
  { id: 'region', label: 'regions', pattern: /\bregions?\b/, columns: ['awsregion'] },
  { id: 'agent', label: 'user agents', pattern: /\buser[ -]?agents?\b|\bclients?\b|\btools?\b/, columns: ['useragent'] },
  { id: 'event', label: 'API calls', pattern: /\b(?:api calls?|api actions?|apis?|calls|actions|operations|events?|event names?|activit(?:y|ies))\b/, columns: ['eventname'] },
];

const EVENT_COLUMNS: SelectItem[] = [
  { column: 'eventtime' },
  { column: 'useridentity.arn', as: 'caller_arn' },
  { column: 'useridentity.username', as: 'caller_name' },
  { column: 'eventname' },
];

/**
 * CloudTrail questions: who did X (to Y), what did user U do, how many, top N by a dimension,
 * failed or successful calls, last N events. Returns undefined when the question names nothing
 * CloudTrail can be asked about.
 */
export function planCloudTrail(question: string, previous: PreviousTurn | undefined): CloudTrailQuery | undefined {
  const text = question.toLowerCase();
  const concepts = matchActionConcepts(question);
  const explicit = explicitEventNames(question);
  const entities = extractEntities(question);
  const filters: Filter[] = [];
  const conditions: string[] = [];

  const eventNames = [...new Set([...explicit, ...concepts.flatMap((m) => m.concept.eventNames)])];
  const prefixes = concepts.flatMap((m) => m.concept.eventNamePrefixes ?? []);
  if (prefixes.length && eventNames.length === 0) filters.push({ column: 'eventname', op: 'starts_with', value: prefixes[0]! });
  else if (eventNames.length === 1) filters.push({ column: 'eventname', op: 'eq', value: eventNames[0]! });
  else if (eventNames.length > 1) filters.push({ column: 'eventname', op: 'in', value: eventNames });

  const consoleLogin = eventNames.includes('ConsoleLogin');
  const result = outcome(text);
  if (result === 'failed') {
    // A failed console sign-in is recorded with an error message and ConsoleLogin: Failure.
    filters.push(consoleLogin ? { column: 'responseelements', op: 'contains', value: 'Failure' } : { column: 'errorcode', op: 'is_not_null' });
    conditions.push('that failed');
  } else if (result === 'succeeded') {
    filters.push(consoleLogin ? { column: 'responseelements', op: 'contains', value: 'Success' } : { column: 'errorcode', op: 'is_null' });
    conditions.push('that succeeded');
  }
  addEntityFilters(entities, filters, conditions, concepts);
  if (previous && refersToPreviousRows(text)) addPreviousEntityFilter(previous, concepts, filters, conditions);

  const subject = subjectOf(concepts, explicit);
  const hasSubject = eventNames.length > 0 || prefixes.length > 0;
  const count = asksCount(text);
  const top = topN(text);
  const last = lastN(text);
  const activityOf = entities.principal && /\bwhat (?:did|has|have|was)\b/.test(text);
  const dimension = pickDimension(text, concepts, explicit.length > 0);
  const resourceColumns = unique(concepts.flatMap((m) => m.concept.resourceFields));
  const showRequest = concepts.some((m) => m.concept.showRequest) || (/\bwith whom\b|\b(?:with|to) (?:which|what) (?:aws )?(?:accounts?|users?|principals?|roles?|organi[sz]ations?)\b|\bwho (?:got|received)\b/.test(text) && hasSubject);

  if (!hasSubject && !count && top === undefined && last === undefined && !dimension && !entities.any && !/\b(?:events?|calls?|activity|cloudtrail|happened|going on)\b/.test(text)) {
    return undefined;
  }

  if (activityOf) {
    return { shape: 'groups', select: [], filters, groupBy: ['eventname'], orderBy: [{ column: 'events', direction: 'desc' }], limit: 20, subject: `calls by ${entities.principal}`, conditions, entityColumns: ['eventname'], eventNames };
  }
  if (count && !dimension?.perEach && top === undefined) {
    return { shape: 'count', select: [], filters, groupBy: [], orderBy: [], limit: 1, subject, conditions, entityColumns: [], eventNames };
  }
  if (dimension?.insideConcept && (top !== undefined || count) && resourceColumns.length) {
    // "which roles were assumed most": rank the action's own objects.
    const column = resourceColumns[0]!;
    return {
      shape: 'groups', select: [], filters, groupBy: [column], orderBy: [{ column: 'events', direction: 'desc' }],
      limit: Math.min(top ?? 20, 20), subject, conditions: [...conditions, `by ${columnAlias(column).replace(/_/g, ' ')}`], entityColumns: [column], eventNames,
    };
  }
  if (dimension && (top !== undefined || count || !dimension.insideConcept)) {
    filters.push(...(dimension.dimension.filters ?? []));
    return {
      shape: 'groups', select: [], filters, groupBy: dimension.dimension.columns, orderBy: [{ column: 'events', direction: 'desc' }],
      limit: Math.min(top ?? 20, 20), subject: hasSubject ? subject : 'CloudTrail events', conditions: [...conditions, `by ${dimension.dimension.label}`],
      entityColumns: dimension.dimension.columns, eventNames,
    };
  }
  const select: SelectItem[] = [
    ...EVENT_COLUMNS,
    ...resourceColumns.map((column) => ({ column, as: columnAlias(column) })),
    { column: 'errorcode' },
    ...(result === 'failed' || /\bwhy\b|\berrors?\b|\breasons?\b/.test(text) ? [{ column: 'errormessage' }] : []),
    ...(consoleLogin ? [{ column: 'responseelements.ConsoleLogin', as: 'console_login' }, { column: 'additionaleventdata.MFAUsed', as: 'mfa_used' }] : []),
    { column: 'sourceipaddress' },
    { column: 'recipientaccountid' },
    { column: 'awsregion' },
    ...(showRequest ? [{ column: 'requestparameters' }] : []),
  ];
  return {
    shape: 'events', select, filters, groupBy: [], orderBy: [{ column: 'eventtime', direction: 'desc' }],
    limit: Math.min(last ?? 20, 20), subject: hasSubject ? subject : 'CloudTrail events', conditions,
    entityColumns: resourceColumns.map(columnAlias), eventNames, ...(last ? { widenForLastN: last } : {}),
  };
}

function subjectOf(concepts: ConceptMatch[], explicit: string[]): string {
  const labels = concepts.map((m) => m.concept.label);
  const fromConcepts = new Set(concepts.flatMap((m) => m.concept.eventNames));
  const named = explicit.filter((name) => !fromConcepts.has(name)).map((name) => `${name} calls`);
  return [...labels, ...named].join(' and ') || 'CloudTrail events';
}

function addEntityFilters(entities: Entities, filters: Filter[], conditions: string[], concepts: ConceptMatch[]): void {
  for (const ip of entities.ips) {
    filters.push({ column: 'sourceipaddress', op: 'eq', value: ip });
    conditions.push(`from ${ip}`);
  }
  for (const cidr of entities.cidrs) {
    filters.push({ column: 'requestparameters', op: 'contains', value: cidr });
    conditions.push(`to ${cidr}`);
  }
  const securityGroupRule = concepts.some((m) => /security_group/.test(m.concept.id));
  for (const port of entities.ports) {
    if (securityGroupRule) filters.push({ column: 'requestparameters', op: 'contains', value: `"fromPort":${port}` });
    else filters.push({ column: 'requestparameters', op: 'contains', value: String(port) });
    conditions.push(`on port ${port}`);
  }
  if (entities.principal) {
    filters.push({ column: 'useridentity.arn', op: 'contains', value: `/${entities.principal}`, ignore_case: true });
    conditions.push(`by ${entities.principal}`);
  }
  for (const name of entities.resourceNames) {
    filters.push({ column: 'requestparameters', op: 'contains', value: name, ignore_case: true });
    conditions.push(`naming ${name}`);
  }
}

/** "which of them got access keys?": the previous answer's entities become a filter. */
function addPreviousEntityFilter(previous: PreviousTurn, concepts: ConceptMatch[], filters: Filter[], conditions: string[]): void {
  for (const [column, values] of Object.entries(previous.entities)) {
    if (!values.length) continue;
    const field = previous.plan.spec?.select.find((s) => (s.as ?? s.column) === column)?.column ?? column;
    const target = concepts.flatMap((m) => m.concept.resourceFields).find((f) => lastSegment(f) === lastSegment(field)) ?? field;
    filters.push({ column: target, op: 'in', value: values.slice(0, 200) });
    conditions.push(`for the ${values.length} from the previous answer`);
    return;
  }
}

/**
 * The dimension a question groups by: the noun right after "which", "what", "top N", "most",
 * "busiest", "per" or "by" ("which two IAM users", "top 3 error codes", "calls per region").
 */
function pickDimension(text: string, concepts: ConceptMatch[], namesEvents: boolean): { dimension: Dimension; insideConcept: boolean; perEach: boolean } | undefined {
  const keywords = /\b(which|what|top|most|per|by|each|every|busiest|noisiest|biggest|largest|highest|heaviest)\b/g;
  let askedWhich = false;
  for (const keyword of text.matchAll(keywords)) {
    // "with which account", "in which account": a detail of each event, not a grouping.
    if (/\b(?:with|to|in|on|from|for)\s+$/.test(text.slice(0, keyword.index))) continue;
    // Only the question's own "which/what" names what it is about; a later one asks for a detail.
    const interrogative = keyword[1] === 'which' || keyword[1] === 'what';
    if (interrogative && askedWhich) continue;
    askedWhich ||= interrogative;
    const restStart = keyword.index + keyword[0].length;
    const rest = text.slice(restStart);
    const nearest = DIMENSIONS.map((dimension) => ({ dimension, match: new RegExp(`^\\s*(?:[\\w'-]+\\s+){0,3}?(?:${dimension.pattern.source})`).exec(rest) }))
      .filter((c): c is { dimension: Dimension; match: RegExpExecArray } => c.match !== null && !(c.dimension.id === 'event' && (concepts.length > 0 || namesEvents)))
      .sort((a, b) => a.match[0].length - b.match[0].length)[0];
    if (!nearest) continue;
    const at = restStart + nearest.match[0].length - 1;
    const resourceAliases = concepts.flatMap((m) => m.concept.resourceFields).map(lastSegment);
    const insideConcept = concepts.some((m) => at >= m.span[0] && at < m.span[1]) || (nearest.dimension.resourceField !== undefined && resourceAliases.includes(nearest.dimension.resourceField));
    return { dimension: nearest.dimension, insideConcept, perEach: ['per', 'by', 'each', 'every'].includes(keyword[1]!) };
  }
  return undefined;
}

function columnAlias(path: string): string {
  return path.replace(/^requestparameters\./, '').replace(/^dB/, 'db').replace(/[^A-Za-z0-9]+/g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function lastSegment(path: string): string {
  return columnAlias(path.split('.').at(-1)!);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

export type { ActionConcept };
