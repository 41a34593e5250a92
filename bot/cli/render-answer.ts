import { queryText, type InvestigationResult } from '../../agents/result.js';
import { renderTable } from './text-table.js';

const MAX_ROWS_SHOWN = 10;

/** The answer, its evidence and its receipt, for a terminal. */
export function renderAnswerForTerminal(result: InvestigationResult): string {
  const lines = [result.answer];
  if (result.rows.length) lines.push('', 'Evidence:', renderTable([...new Set(result.rows.flatMap((r) => Object.keys(r)))], result.rows.slice(0, MAX_ROWS_SHOWN), 48));
  if (result.rows.length > MAX_ROWS_SHOWN) lines.push(`(${result.rows.length - MAX_ROWS_SHOWN} more rows: use --json)`);
  if (result.queries.length) {
    lines.push('', 'Receipt:');
    for (const q of result.queries) lines.push(`  ${q.source} on ${q.engine}: ${q.row_count} rows in ${q.ms} ms${q.bytes_scanned ? `, ${q.bytes_scanned} bytes scanned` : ''}`, `  ${queryText(q).replace(/\s+/g, ' ')}`);
  }
  lines.push('', `status: ${result.status} · ${result.timings.total_ms} ms · session ${result.session_id}`);
  return lines.join('\n');
}
