import type {
  ActionsBlock, Button, ContextBlock, DividerBlock, HeaderBlock, KnownBlock, MarkdownBlock, MrkdwnElement, PlainTextElement, SectionBlock, TableBlock,
} from '@slack/types';
import { SLACK_LIMITS } from './limits.js';
import { escapeMrkdwn, truncate } from './text.js';

/**
 * Small builders over @slack/types that clamp every value to Slack's limits, so a message
 * built here never fails with an API error; what is cut shows an ellipsis.
 */

export const plainText = (text: string, max: number = SLACK_LIMITS.sectionText): PlainTextElement => ({ type: 'plain_text', text: truncate(text || ' ', max), emoji: true });
export const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnElement => ({ type: 'mrkdwn', text: truncate(text || ' ', max) });

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plainText(text, SLACK_LIMITS.headerText) };
}

export function section(text: string, options: { accessory?: Button; blockId?: string } = {}): SectionBlock {
  return {
    type: 'section',
    text: mrkdwn(text),
    ...(options.accessory ? { accessory: options.accessory } : {}),
    ...(options.blockId ? { block_id: truncate(options.blockId, SLACK_LIMITS.blockId) } : {}),
  };
}

/** A section of label/value pairs, at most ten. */
export function fields(pairs: [label: string, value: string][]): SectionBlock {
  return {
    type: 'section',
    fields: pairs.slice(0, SLACK_LIMITS.sectionFields).map(([label, value]) => mrkdwn(`*${label}*\n${value}`, SLACK_LIMITS.sectionFieldText)),
  };
}

export function context(texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => mrkdwn(t)) };
}

export const divider = (): DividerBlock => ({ type: 'divider' });

export function markdown(text: string): MarkdownBlock {
  return { type: 'markdown', text: truncate(text || ' ', SLACK_LIMITS.markdownText) };
}

/** A confirmation dialog for a button whose click is hard to undo. */
export interface ConfirmDialog {
  title: string;
  text: string;
  confirm: string;
  deny: string;
}

export function button(text: string, actionId: string, options: { value?: string; style?: 'primary' | 'danger'; url?: string; confirm?: ConfirmDialog } = {}): Button {
  return {
    type: 'button',
    text: plainText(text, SLACK_LIMITS.buttonText),
    action_id: truncate(actionId, SLACK_LIMITS.actionId),
    ...(options.value !== undefined ? { value: truncate(options.value, SLACK_LIMITS.buttonValue) } : {}),
    ...(options.style ? { style: options.style } : {}),
    ...(options.url ? { url: truncate(options.url, SLACK_LIMITS.buttonUrl) } : {}),
    ...(options.confirm
      ? { confirm: { title: plainText(options.confirm.title, 100), text: plainText(options.confirm.text, 300), confirm: plainText(options.confirm.confirm, 30), deny: plainText(options.confirm.deny, 30) } }
      : {}),
  };
}

export function actions(buttons: Button[], blockId?: string): ActionsBlock {
  return { type: 'actions', elements: buttons.slice(0, SLACK_LIMITS.actionsElements), ...(blockId ? { block_id: blockId } : {}) };
}

/** Cuts text to a limit and says so: "…(cut)" rather than a bare ellipsis, for long prose people may miss the end of. */
export function cutVisibly(text: string, max: number): string {
  const mark = '(cut)';
  return text.length <= max ? text : `${truncate(text, max - mark.length)}${mark}`;
}

/**
 * Escapes user text for mrkdwn and cuts it to `max` characters as escaped, never through an entity
 * (`&amp;`), since escaping can make text up to five times longer.
 */
export function escapeWithin(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  // The longest cut whose escaped form fits; escaping grows text unevenly, so search for it.
  let low = 1;
  let high = Math.min(text.length, max);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (escapeMrkdwn(truncate(text, mid)).length <= max) low = mid;
    else high = mid - 1;
  }
  return escapeMrkdwn(truncate(text, low));
}

/** A section showing code verbatim; the code is escaped and cut so the fences always close. */
export function codeSection(code: string, maxLength: number = SLACK_LIMITS.sectionText): SectionBlock {
  const fence = '```';
  const fenced = (text: string) => `${fence}\n${text}\n${fence}`;
  return section(fenced(escapeWithin(code, Math.min(maxLength, SLACK_LIMITS.sectionText) - fenced('').length)));
}

export interface TableOptions {
  /** Longest text of one cell before it is cut. */
  maxCellLength?: number;
  /** Characters for the whole table: Slack counts cells toward a message's text (msg_blocks_too_long). */
  maxTextLength?: number;
}

/** Cell lengths tried in turn: every row with shorter cells beats fewer rows, down to a still readable length. */
const CELL_LENGTH_STEPS = [300, 120, 60, 30];

/**
 * A table of at most 100 rows (header included) and 20 columns, within a text budget. Cells are
 * raw text; objects are JSON-encoded. Returns what was left out or cut so the caller can say so
 * and offer it another way.
 */
export function table(
  columns: string[],
  rows: unknown[][],
  options: TableOptions = {},
): { block: TableBlock; omittedRows: number; omittedColumns: number; cutCells: number } {
  const width = Math.min(columns.length, SLACK_LIMITS.tableCells);
  const headerTexts = columns.slice(0, width).map(cellText);
  const bodyTexts = rows.slice(0, SLACK_LIMITS.tableRows - 1).map((row) => headerTexts.map((_, i) => cellText(row[i])));
  const budget = options.maxTextLength ?? SLACK_LIMITS.totalBlockText;
  const maxCell = options.maxCellLength ?? CELL_LENGTH_STEPS[0]!;
  const steps = [maxCell, ...CELL_LENGTH_STEPS.filter((step) => step < maxCell)];
  const rowLength = (texts: string[], cap: number) => texts.reduce((sum, text) => sum + Math.min(text.length, cap), 0);
  const tableLength = (cap: number) => [headerTexts, ...bodyTexts].reduce((sum, texts) => sum + rowLength(texts, cap), 0);
  const cap = steps.find((step) => tableLength(step) <= budget) ?? steps[steps.length - 1]!;

  const shown = [headerTexts];
  let used = rowLength(headerTexts, cap);
  for (const texts of bodyTexts) {
    used += rowLength(texts, cap);
    if (used > budget) break;
    shown.push(texts);
  }
  return {
    block: { type: 'table', rows: shown.map((texts) => texts.map((text) => ({ type: 'raw_text' as const, text: truncate(text, cap) }))) },
    omittedRows: rows.length - (shown.length - 1),
    omittedColumns: columns.length - width,
    cutCells: shown.flat().filter((text) => text.length > cap).length,
  };
}

/** Raw text cells must not be empty; objects show as JSON (bigints, which JSON lacks, as digits). */
function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

/** Characters of every `text` in some blocks, table cells included: what Slack weighs for msg_blocks_too_long. */
export function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.entries(value).reduce((sum, [key, child]) => sum + (key === 'text' && typeof child === 'string' ? child.length : textLength(child)), 0);
}

function fitsOneMessage(blocks: KnownBlock[]): boolean {
  const markdownLength = textLength(blocks.filter((block) => block.type === 'markdown'));
  return (
    blocks.length <= SLACK_LIMITS.blocksPerMessage &&
    blocks.filter((block) => block.type === 'table').length <= SLACK_LIMITS.tablesPerMessage &&
    markdownLength <= SLACK_LIMITS.markdownText &&
    textLength(blocks) <= SLACK_LIMITS.totalBlockText
  );
}

/**
 * Packs blocks, in order, into as few messages as Slack accepts (50 blocks, one table, 12,000
 * characters of markdown, about 13,000 of text), so a long result is split instead of refused.
 * Every message after the first starts with the `continued` block.
 */
export function splitIntoMessages(blocks: KnownBlock[], continued: KnownBlock): KnownBlock[][] {
  const messages: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  for (const block of blocks) {
    if (current.length > 0 && !fitsOneMessage([...current, block])) {
      messages.push(current);
      current = [continued];
    }
    current.push(block);
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
