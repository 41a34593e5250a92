import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetWorkGroupCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type GetQueryExecutionCommandOutput,
  type GetQueryResultsCommandOutput,
  type QueryExecution,
  type Row,
  type StartQueryExecutionCommandOutput,
} from '@aws-sdk/client-athena';
import { LAKE_DATABASE } from '../../catalog/index.js';
import { QueryEngineError, type QueryEngine, type QueryResult } from '../engine.js';

export type AthenaCommand = StartQueryExecutionCommand | GetQueryExecutionCommand | StopQueryExecutionCommand | GetQueryResultsCommand | GetWorkGroupCommand;

/** What the engine needs of an AthenaClient: a real one, or a fake in tests. */
export interface AthenaSender {
  send(command: AthenaCommand): Promise<unknown>;
  destroy?(): void;
}

export interface AthenaEngineOptions {
  client: AthenaSender;
  workGroup: string;
  /** s3://… for results, unless the workgroup sets one. */
  outputLocation?: string;
  timeoutMs?: number;
  /** Polling of the query's state: starts at `initialMs`, doubles up to `maxMs`. */
  poll?: { initialMs: number; maxMs: number };
  clock?: Clock;
}

/** Time as the engine sees it while it waits. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const SYSTEM_CLOCK: Clock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_POLL = { initialMs: 200, maxMs: 2_000 };
/** The guard caps rows far below this; the engine still never pages through an unbounded result. */
const MAX_RESULT_ROWS = 1000;

/** Athena over the Glue database `cia_logs` (DESIGN §2): start, poll with backoff, stop on timeout, page the results. */
export class AthenaEngine implements QueryEngine {
  readonly name = 'athena' as const;

  private readonly clock: Clock;

  constructor(private readonly options: AthenaEngineOptions) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  async run(sql: string, runOptions: { timeoutMs?: number } = {}): Promise<QueryResult> {
    const started = performance.now();
    const timeoutMs = runOptions.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const { QueryExecutionId: id } = await this.send<StartQueryExecutionCommandOutput>(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.options.workGroup,
        QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: LAKE_DATABASE },
        ResultConfiguration: this.options.outputLocation ? { OutputLocation: this.options.outputLocation } : undefined,
      }),
    );
    if (!id) throw new QueryEngineError('Athena did not return a query execution id', 'failed');
    const execution = await this.waitForCompletion(id, this.clock.now() + timeoutMs, timeoutMs);
    const { columns, rows } = await this.readResults(id);
    return { columns, rows, bytesScanned: execution.Statistics?.DataScannedInBytes ?? null, ms: performance.now() - started };
  }

  async ping(): Promise<void> {
    await this.send(new GetWorkGroupCommand({ WorkGroup: this.options.workGroup }));
  }

  async close(): Promise<void> {
    this.options.client.destroy?.();
  }

  private async waitForCompletion(id: string, deadline: number, timeoutMs: number): Promise<QueryExecution> {
    const poll = this.options.poll ?? DEFAULT_POLL;
    for (let delay = poll.initialMs; ; delay = Math.min(delay * 2, poll.maxMs)) {
      const { QueryExecution: execution } = await this.send<GetQueryExecutionCommandOutput>(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = execution?.Status?.State;
      if (state === 'SUCCEEDED') return execution!;
      if (state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution?.Status?.AthenaError?.ErrorMessage ?? execution?.Status?.StateChangeReason ?? 'no reason given';
        throw new QueryEngineError(`the Athena query ${state.toLowerCase()}: ${reason}`, 'failed');
      }
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) {
        // Stopped so it costs nothing more; a failure to stop must not hide the timeout.
        await this.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
        throw new QueryEngineError(`the query ran longer than ${timeoutMs} ms and was stopped`, 'timeout');
      }
      await this.clock.sleep(Math.min(delay, remaining));
    }
  }

  private async readResults(id: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
    let columns: ColumnInfo[] | undefined;
    const rows: Record<string, unknown>[] = [];
    let token: string | undefined;
    do {
      const page = await this.send<GetQueryResultsCommandOutput>(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: MAX_RESULT_ROWS }));
      const first = columns === undefined;
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      let data = page.ResultSet?.Rows ?? [];
      // A SELECT's first page starts with the column names as a row.
      if (first && data[0] && isHeader(data[0], columns)) data = data.slice(1);
      rows.push(...data.map((row) => rowObject(row, columns!)));
      token = page.NextToken;
    } while (token && rows.length < MAX_RESULT_ROWS);
    return { columns: (columns ?? []).map((c) => c.Name ?? ''), rows: rows.slice(0, MAX_RESULT_ROWS) };
  }

  private async send<T>(command: AthenaCommand): Promise<T> {
    try {
      return (await this.options.client.send(command)) as T;
    } catch (error) {
      throw new QueryEngineError(`Athena: ${(error as Error).message}`, 'failed');
    }
  }
}

function isHeader(row: Row, columns: ColumnInfo[]): boolean {
  return (row.Data ?? []).every((cell, i) => cell.VarCharValue === columns[i]?.Name);
}

function rowObject(row: Row, columns: ColumnInfo[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((column, i) => [column.Name ?? `_col${i}`, typedValue(row.Data?.[i]?.VarCharValue, column.Type ?? 'varchar')]));
}

/** Athena returns every value as text; numbers and booleans become JSON ones, the rest stays text (as DuckDB's JSON rows). */
export function typedValue(text: string | undefined, type: string): unknown {
  if (text === undefined) return null;
  switch (type.toLowerCase()) {
    case 'boolean':
      return text === 'true';
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint': {
      const number = Number(text);
      return Number.isSafeInteger(number) ? number : text;
    }
    case 'double':
    case 'float':
    case 'real': {
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    default:
      return text;
  }
}
