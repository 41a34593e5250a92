import type { LakePlan, Plan, PlanScope } from '../planner/plan.js';
import { COUNT_ALIAS } from '../planner/source-query.js';

export interface ComposedAnswer {
  status: 'answered' | 'no_data';
  answer: string;
}

const MAX_LINES = 10;

/**
 * The one summarizer: a deterministic summary of the evidence rows, in the words of the plan.
 * Everything it states comes from the rows or the plan's scope.
 */
export function composeAnswer(plan: Plan, rows: Record<string, unknown>[], options: { capped?: boolean } = {}): ComposedAnswer {
  const scope = describeScope(plan.scope);
  const what = [plan.subject, ...plan.conditions.filter((c) => !c.startsWith('by '))].join(' ');
  const capped = options.capped === true;
  if (plan.kind === 'api') {
    // An API's rows are findings, events or quotas, most relevant first: listed as they are.
    if (rows.length === 0) return { status: 'no_data', answer: `No ${what} found ${scope}.` };
    return { status: 'answered', answer: listAnswer(rows, `${capitalize(what)} ${scope}: ${rows.length} found.`, capped ? `\nShowing the first ${rows.length}; there may be more: add a condition (severity, account, region).` : '') };
  }
  if (plan.shape === 'count') return countAnswer(plan, rows, what, scope);
  if (rows.length === 0) return { status: 'no_data', answer: `No ${what} found ${scope}.` };
  if (plan.shape === 'groups') return { status: 'answered', answer: groupsAnswer(plan, rows, what, scope) };
  const count = rows.length === 1 ? '1 event' : `${rows.length} events`;
  return { status: 'answered', answer: listAnswer(rows, `${count} of ${what} ${scope}:`, capped ? `\nShowing the newest ${rows.length}; there may be more: narrow the time range or add a condition.` : '') };
}

function countAnswer(plan: LakePlan, rows: Record<string, unknown>[], what: string, scope: string): ComposedAnswer {
  const row = rows[0] ?? {};
  if (plan.source === 'cur') {
    const cost = toNumber(row.cost);
    if (cost === undefined) return { status: 'no_data', answer: `No cost data ${scope} for ${what}: the cost report has no line items for that period.` };
    return { status: 'answered', answer: `Cost ${plan.conditions.join(' ')} ${scope}: **${cost.toFixed(2)} ${String(row.currency ?? 'USD')}** (unblended).` };
  }
  const value = toNumber(row[COUNT_ALIAS]) ?? 0;
  if (value === 0) return { status: 'no_data', answer: `No ${what} found ${scope} (count: 0).` };
  return { status: 'answered', answer: `**${value}** ${what} ${scope}.` };
}

function groupsAnswer(plan: LakePlan, rows: Record<string, unknown>[], what: string, scope: string): string {
  const keys = plan.spec.group_by.map(outputName);
  const measures = plan.spec.aggregates.map((a) => a.as);
  const by = plan.conditions.find((c) => c.startsWith('by '))?.slice(3) ?? keys.join(', ');
  const lines = rows.slice(0, MAX_LINES).map((row, i) => {
    const label = keys.map((k) => formatValue(row[k])).filter((v) => v !== '—').join(' · ') || '(none)';
    const figures = measures.map((m) => `${formatValue(row[m])} ${measureName(m)}`).join(', ');
    return `${i + 1}. ${label} — ${figures}`;
  });
  const more = rows.length > MAX_LINES ? `\n…and ${rows.length - MAX_LINES} more in the evidence.` : '';
  return `${capitalize(what)} ${scope}, by ${by}:\n${lines.join('\n')}${more}`;
}

/** A heading, then one line per row (the first MAX_LINES), then a note when the page was full. */
function listAnswer(rows: Record<string, unknown>[], heading: string, cap: string): string {
  const lines = rows.slice(0, MAX_LINES).map((row) => `• ${eventLine(row)}`);
  const more = rows.length > MAX_LINES ? `\n…and ${rows.length - MAX_LINES} more in the evidence.` : '';
  return `${heading}\n${lines.join('\n')}${more}${cap}`;
}

function capitalize(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

/** One event in a line: when, who, what, on which resource, and how it ended. */
function eventLine(row: Record<string, unknown>): string {
  const known = new Set(['eventtime', 'caller_arn', 'caller_name', 'eventname', 'errorcode', 'errormessage', 'sourceipaddress', 'recipientaccountid', 'awsregion', 'requestparameters']);
  const who = row.caller_name ?? shortArn(row.caller_arn) ?? row.sourceipaddress;
  const parts = [
    row.eventtime ?? row.updated_at ?? row.captured_at ?? (typeof row.timestamp_ms === 'number' ? new Date(row.timestamp_ms).toISOString() : undefined),
    who,
    row.eventname ?? row.type ?? row.resourcetype,
    ...Object.entries(row).filter(([k, v]) => !known.has(k) && v !== null && v !== undefined && v !== '' && !['updated_at', 'captured_at', 'timestamp_ms', 'type', 'resourcetype'].includes(k)).map(([k, v]) => `${k}: ${formatValue(v)}`),
    sharedWith(row),
    row.recipientaccountid ? `account ${row.recipientaccountid}` : undefined,
    row.errorcode ? `failed: ${row.errorcode}${row.errormessage ? ` (${truncate(String(row.errormessage), 160)})` : ''}` : row.eventname ? 'succeeded' : undefined,
  ].filter((p) => p !== undefined && p !== null && p !== '');
  return parts.map((p) => formatValue(p)).join(' — ');
}

/** Accounts named in the request other than the event's own: whom a snapshot or image was shared with. */
function sharedWith(row: Record<string, unknown>): string | undefined {
  if (typeof row.requestparameters !== 'string') return undefined;
  const others = [...new Set(row.requestparameters.match(/\b\d{12}\b/g) ?? [])].filter((id) => id !== row.recipientaccountid);
  return others.length ? `request names account ${others.join(', ')}` : undefined;
}

export function describeScope(scope: PlanScope): string {
  const accounts = scope.accounts.length ? `in ${scope.accounts.map((a) => (a.alias ? `${a.alias} (${a.id})` : a.id)).join(', ')}` : 'in all accounts';
  const regions = scope.regions.length ? ` in ${scope.regions.join(', ')}` : '';
  // A state (what is public, what is near its limit) has an instant, not a range.
  if (scope.from === scope.to) return `${accounts}${regions}, as of ${formatInstant(scope.to, scope.timeZone)}`;
  const range = `${formatInstant(scope.from, scope.timeZone)} → ${formatInstant(scope.to, scope.timeZone)}`;
  return `${accounts}${regions}, ${scope.timePhrase} (${range})`;
}

/** "2023-07-10 00:00 UTC", in the zone the range was resolved in. */
export function formatInstant(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

function outputName(path: string): string {
  return path.replace(/\./g, '_');
}

function measureName(alias: string): string {
  return alias === COUNT_ALIAS ? 'events' : alias.replace(/_/g, ' ');
}

function shortArn(arn: unknown): string | undefined {
  if (typeof arn !== 'string' || !arn) return undefined;
  return arn.split(':').slice(5).join(':') || arn;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'object') return truncate(JSON.stringify(value), 300);
  return truncate(String(value), 300);
}

function toNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
