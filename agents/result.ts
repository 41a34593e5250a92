/** The result of one investigation: the object `cia ask --json` prints (DESIGN §6.1). */
export type InvestigationStatus = 'answered' | 'no_data' | 'needs_clarification' | 'refused' | 'error';

export interface QueryRecord {
  source: string;
  /** duckdb or athena for the lake; aws-api or snapshot for a read API. */
  engine: string;
  /** A lake query's SQL, as run. */
  sql?: string;
  /** A read API's request, in words (instead of SQL). */
  request?: string;
  row_count: number;
  ms: number;
  bytes_scanned?: number | null;
  /** LIMIT was added or lowered by the guard (for an API: the rows filled the request's limit). */
  capped?: boolean;
}

/** The SQL or the API request of a query, for receipts. */
export function queryText(query: QueryRecord): string {
  return query.sql ?? query.request ?? '';
}

export interface InvestigationResult {
  status: InvestigationStatus;
  answer: string;
  session_id: string;
  sources: string[];
  scope: { accounts: string[]; regions: string[]; from: string | null; to: string | null };
  queries: QueryRecord[];
  rows: Record<string, unknown>[];
  timings: { total_ms: number };
  /** Every model call's tokens: the supervisor's and its sub-agents'. */
  tokens: { input: number; output: number };
  /** The model that answered: `offline-planner`, `bedrock:<model id>`, `openai:<model>`. */
  model: string;
  /** The tokens' estimated cost in USD at the model's on-demand price; 0 for the offline planner, null when the price is unknown. */
  cost_usd: number | null;
  /** Identifiers or numbers in the answer that no evidence row or the question contains. */
  ungrounded?: string[];
}
