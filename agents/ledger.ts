import type { QueryRecord } from './result.js';

/** What an investigation ran and found, filled in by the query tools as they run. */
export class InvestigationLedger {
  readonly queries: QueryRecord[] = [];
  readonly sources = new Set<string>();
  /** The rows of the latest successful query of each source. */
  readonly rowsBySource = new Map<string, Record<string, unknown>[]>();
  readonly tokens = { input: 0, output: 0 };

  recordQuery(record: QueryRecord, rows: Record<string, unknown>[]): void {
    this.queries.push(record);
    this.sources.add(record.source);
    this.rowsBySource.set(record.source, rows);
  }

  recordTokens(input: number, output: number): void {
    this.tokens.input += input;
    this.tokens.output += output;
  }

  /** Evidence rows of the whole investigation, source by source. */
  allRows(): Record<string, unknown>[] {
    return [...this.rowsBySource.values()].flat();
  }
}
