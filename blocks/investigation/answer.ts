import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { InvestigationResult } from '../../agents/result.js';
import { ACTION_IDS } from '../action-ids.js';
import { actions, button, context, cutVisibly, escapeWithin, fields, markdown, section, splitIntoMessages, table } from '../builders.js';
import { formatBytes, formatCount, formatDuration, formatTimeRange, formatUsd } from '../format.js';
import { SLACK_LIMITS } from '../limits.js';
import { errorMessage } from './error.js';

export interface AnswerMessagesInput {
  result: InvestigationResult;
  question: string;
  timeZone: string;
  /** Rides on every button: Slack hands it back on a click, so keep it small. */
  investigationId: string;
}

type Message = { text: string; blocks: KnownBlock[] };

/**
 * Table cells count toward a message's ~13,000 characters of text; this leaves room beside the
 * table for the receipt, the buttons and the notes, so evidence and receipt usually share a message.
 */
const TABLE_TEXT_BUDGET = 9_000;
/** Clarifications and refusals are one message of prose and a few lines. */
const SHORT_PROSE_LENGTH = 4_000;
const FALLBACK_LENGTH = 300;
const LIST_LENGTH = 400;
const LIST_ITEM_LENGTH = 100;
const UNGROUNDED_LENGTH = 400;

/**
 * The answer to a question, in as many messages as Slack's limits need (one table and 50 blocks
 * per message): summary, evidence, receipt and buttons, in that order.
 */
export function answerMessages(input: AnswerMessagesInput): Message[] {
  const { result, investigationId } = input;
  switch (result.status) {
    case 'error':
      return [errorMessage({ reason: result.answer, investigationId })];
    case 'refused':
      return [refusalMessage(input)];
    case 'needs_clarification':
      return [clarificationMessage(input)];
    case 'no_data':
      return asMessages(input, [
        ...summaryBlocks(result),
        context(['No matching rows.']),
        ...receiptBlocks(input),
        answerButtons(input),
      ]);
    case 'answered':
      return asMessages(input, [...summaryBlocks(result), ...evidenceBlocks(result.rows), ...receiptBlocks(input), answerButtons(input)]);
  }
}

function asMessages(input: AnswerMessagesInput, blocks: KnownBlock[]): Message[] {
  const firstLine = input.result.answer.trim().split('\n')[0] ?? '';
  const text = `${quoted(input.question)}: ${escapeWithin(firstLine, FALLBACK_LENGTH)}`;
  return splitIntoMessages(blocks, context(['_…continued from the message above_'])).map((part, index) => ({
    text: index === 0 ? text : `(continued) ${text}`,
    blocks: part,
  }));
}

const quoted = (question: string) => `“${escapeWithin(question.replace(/\s+/g, ' ').trim(), FALLBACK_LENGTH)}”`;

function summaryBlocks(result: InvestigationResult): KnownBlock[] {
  const blocks: KnownBlock[] = [markdown(cutVisibly(result.answer.trim() || '(no summary)', SLACK_LIMITS.markdownText))];
  if (result.ungrounded?.length) {
    // Names or numbers in the summary that no evidence row backs: say so rather than let them pass as fact.
    const names = escapeWithin(result.ungrounded.join(', '), UNGROUNDED_LENGTH);
    blocks.push(context([`:warning: Not in the evidence or the question: ${names}. Check these before acting on them.`]));
  }
  return blocks;
}

/** The evidence rows as one table (columns in the order rows first name them), and what was left out. */
function evidenceBlocks(rows: Record<string, unknown>[]): KnownBlock[] {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (rows.length === 0 || columns.length === 0) return [];
  const evidence = table(columns, rows.map((row) => columns.map((column) => row[column])), { maxTextLength: TABLE_TEXT_BUDGET });
  const shownRows = rows.length - evidence.omittedRows;
  const shownColumns = columns.length - evidence.omittedColumns;
  const leftOut = [
    ...(evidence.omittedRows > 0 ? [`${formatCount(shownRows)} of ${formatCount(rows.length)} rows`] : []),
    ...(evidence.omittedColumns > 0 ? [`${shownColumns} of ${columns.length} columns`] : []),
  ];
  const notes = [
    ...(leftOut.length > 0 ? [`Showing ${leftOut.join(' and ')}`] : []),
    ...(evidence.cutCells > 0 ? ['long values are cut'] : []),
  ];
  if (notes.length === 0) return [evidence.block];
  return [evidence.block, context([`${notes.join('; ')}. *Show SQL* or \`cia ask --json\` gives all of it.`])];
}

/** What was run, where, over which time, and what it cost: enough to trust or repeat the answer. */
function receiptBlocks({ result, timeZone }: AnswerMessagesInput): KnownBlock[] {
  const { queries, scope, tokens } = result;
  const bytes = queries.map((query) => query.bytes_scanned).filter((value): value is number => typeof value === 'number');
  const rowCount = queries.length > 0 ? sum(queries.map((query) => query.row_count)) : result.rows.length;
  const receipt = fields([
    ['Sources', listOf(result.sources, 'none')],
    ['Engine', listOf([...new Set(queries.map((query) => query.engine))], 'none')],
    ['Rows', formatCount(rowCount)],
    ...(bytes.length > 0 ? [['Scanned', formatBytes(sum(bytes))] as [string, string]] : []),
    ['Duration', formatDuration(result.timings.total_ms)],
    ...(tokens.input + tokens.output > 0 ? [['Tokens', tokenLine(result)] as [string, string]] : []),
    ['Accounts', listOf(scope.accounts, 'all accounts')],
    ['Regions', listOf(scope.regions, 'all regions')],
    ['Time range', formatTimeRange(scope.from, scope.to, timeZone)],
  ]);
  const capped = queries
    .filter((query) => query.capped)
    .map((query) => `:warning: ${escapeWithin(query.source, LIST_ITEM_LENGTH)} query capped at ${formatCount(query.row_count)} rows: there may be more. Narrow the time range or add a condition.`);
  return capped.length > 0 ? [receipt, context(capped)] : [receipt];
}

/** "1,234 in · 210 out · ≈ $0.0061": the cost only where the model's price is known and not nil. */
function tokenLine({ tokens, cost_usd }: InvestigationResult): string {
  const counts = `${formatCount(tokens.input)} in · ${formatCount(tokens.output)} out`;
  return cost_usd ? `${counts} · ≈ ${formatUsd(cost_usd)}` : counts;
}

/** As many items as fit, escaped, then how many more. */
function listOf(items: string[], whenEmpty: string): string {
  if (items.length === 0) return whenEmpty;
  const shown: string[] = [];
  let length = 0;
  for (const item of items.map((value) => escapeWithin(value, LIST_ITEM_LENGTH))) {
    length += item.length + 2;
    if (length > LIST_LENGTH) break;
    shown.push(item);
  }
  const more = items.length - shown.length;
  return [shown.join(', '), more > 0 ? `+${formatCount(more)} more` : ''].filter(Boolean).join(' ');
}

function answerButtons({ result, investigationId }: AnswerMessagesInput): ActionsBlock {
  const value = { value: investigationId };
  return actions([
    ...(result.queries.length > 0 ? [button('Show SQL', ACTION_IDS.showSql, value)] : []),
    button('Re-run', ACTION_IDS.rerun, value),
    button('New session', ACTION_IDS.newSession, value),
    button('👍', ACTION_IDS.feedbackUp, value),
    button('👎', ACTION_IDS.feedbackDown, value),
  ]);
}

function clarificationMessage({ result, question }: AnswerMessagesInput): Message {
  return {
    text: `cia needs more detail to answer ${quoted(question)}`,
    blocks: [
      // The answer already carries example phrasings from the planner.
      markdown(cutVisibly(result.answer.trim() || 'Could you say a little more?', SHORT_PROSE_LENGTH)),
      context(['Reply in this thread with what is missing: what happened, where (account or region) and when.']),
    ],
  };
}

function refusalMessage({ result, question }: AnswerMessagesInput): Message {
  return {
    text: `cia won't answer ${quoted(question)}`,
    blocks: [
      section(":no_entry: *cia won't do this one.*"),
      markdown(cutVisibly(result.answer.trim() || 'It is outside what cia may do.', SHORT_PROSE_LENGTH)),
      context(['cia only reads your accounts, through guarded queries: it never changes anything.']),
    ],
  };
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
