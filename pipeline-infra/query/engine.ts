/**
 * A query engine runs one guarded SELECT over the lake: Athena in AWS, DuckDB over a local lake
 * folder everywhere else (DESIGN §2). Callers pass only SQL that went through the query guard.
 */
export interface QueryEngine {
  readonly name: 'duckdb' | 'athena';
  run(sql: string, options?: { timeoutMs?: number }): Promise<QueryResult>;
  /** Resolves when the engine can answer queries. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface QueryResult {
  columns: string[];
  /** JSON-safe: integers beyond 2^53 come as strings, times as text, never BigInt. */
  rows: Record<string, unknown>[];
  /** Bytes the engine read for the query, when it can say. */
  bytesScanned: number | null;
  ms: number;
}

/** Why a query did not produce rows. */
export type QueryFailure = 'timeout' | 'rejected' | 'failed';

export class QueryEngineError extends Error {
  override name = 'QueryEngineError';

  constructor(
    message: string,
    readonly failure: QueryFailure,
  ) {
    super(message);
  }
}
