import type {
  ActionsBlock, Button, ContextBlock, DividerBlock, HeaderBlock, MarkdownBlock, MrkdwnElement, PlainTextElement, SectionBlock, TableBlock,
} from '@slack/types';
import { SLACK_LIMITS } from './limits.js';
import { truncate } from './text.js';

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

export function button(text: string, actionId: string, options: { value?: string; style?: 'primary' | 'danger'; url?: string } = {}): Button {
  return {
    type: 'button',
    text: plainText(text, SLACK_LIMITS.buttonText),
    action_id: truncate(actionId, SLACK_LIMITS.actionId),
    ...(options.value !== undefined ? { value: truncate(options.value, SLACK_LIMITS.buttonValue) } : {}),
    ...(options.style ? { style: options.style } : {}),
    ...(options.url ? { url: truncate(options.url, SLACK_LIMITS.buttonUrl) } : {}),
  };
}

export function actions(buttons: Button[], blockId?: string): ActionsBlock {
  return { type: 'actions', elements: buttons.slice(0, SLACK_LIMITS.actionsElements), ...(blockId ? { block_id: blockId } : {}) };
}

/**
 * A table of at most 100 rows (header included) and 20 columns. Returns the rows left out so
 * the caller can say so and offer them another way.
 */
export function table(columns: string[], rows: (string | number | null | undefined)[][]): { block: TableBlock; omittedRows: number; omittedColumns: number } {
  const width = Math.min(columns.length, SLACK_LIMITS.tableCells);
  const bodyRows = rows.slice(0, SLACK_LIMITS.tableRows - 1);
  const cell = (value: string | number | null | undefined) => ({ type: 'raw_text' as const, text: value === null || value === undefined || value === '' ? '—' : String(value) });
  return {
    block: {
      type: 'table',
      rows: [columns.slice(0, width).map(cell), ...bodyRows.map((row) => columns.slice(0, width).map((_, i) => cell(row[i])))],
    },
    omittedRows: rows.length - bodyRows.length,
    omittedColumns: columns.length - width,
  };
}
