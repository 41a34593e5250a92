import type { KnownBlock } from '@slack/types';
import { queryText, type QueryRecord } from '../../agents/result.js';
import { codeSection, context, escapeWithin, section } from '../builders.js';
import { formatBytes, formatCount } from '../format.js';

export interface SqlMessageInput {
  queries: QueryRecord[];
}

const MAX_QUERIES = 10;
/** SQL characters for all queries together, leaving room for their captions within a message's ~13,000. */
const SQL_BUDGET = 9_000;
const NAME_LENGTH = 60;

/** "Show SQL": what cia ran, shown only to the person who asked for it. */
export function sqlMessage({ queries }: SqlMessageInput): { text: string; blocks: KnownBlock[] } {
  if (queries.length === 0) return { text: 'cia ran no queries for this answer.', blocks: [section('cia ran no queries for this answer.')] };

  const shown = queries.slice(0, MAX_QUERIES);
  const sqlLength = Math.floor(SQL_BUDGET / shown.length);
  const blocks: KnownBlock[] = [section(`*The SQL cia ran* (${queries.length === 1 ? '1 query' : `${queries.length} queries`})`)];
  for (const query of shown) blocks.push(context([queryCaption(query)]), codeSection(queryText(query), sqlLength));
  if (queries.length > shown.length) {
    blocks.push(context([`…and ${queries.length - shown.length} more: \`cia ask --json\` gives every query.`]));
  }
  return { text: `The SQL cia ran: ${queries.length === 1 ? '1 query' : `${queries.length} queries`}`, blocks };
}

/** "*cloudtrail* · athena · 42 rows · 830 ms · 1.2 MB scanned · capped by the guard" */
function queryCaption(query: QueryRecord): string {
  return [
    `*${escapeWithin(query.source, NAME_LENGTH)}*`,
    escapeWithin(query.engine, NAME_LENGTH),
    `${formatCount(query.row_count)} ${query.row_count === 1 ? 'row' : 'rows'}`,
    `${formatCount(query.ms)} ms`,
    ...(typeof query.bytes_scanned === 'number' ? [`${formatBytes(query.bytes_scanned)} scanned`] : []),
    ...(query.capped ? [`capped at ${formatCount(query.row_count)} rows`] : []),
  ].join(' · ');
}
