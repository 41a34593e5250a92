import { DuckDbSqlParser, guardSql } from './guard/index.js';
import type { QueryEngine } from './engine.js';
import { openDuckDbEngine } from './engines/duckdb-engine.js';

export interface QueryRunnerHandle {
  runner: {
    engine: QueryEngine;
    guard(sql: string): ReturnType<typeof guardSql>;
  };
  close(): Promise<void>;
}

export type QueryRunnerOptions =
  | { engine?: 'duckdb'; lakeDir: string; timeoutMs?: number }
  | { engine: 'athena'; workGroup: string; outputLocation?: string; region?: string; timeoutMs?: number };

/**
 * The guarded query path: the guard's own parser instance, and the engine (the locked-down
 * DuckDB over a local lake, or Athena). Every statement, compiled or typed, goes through
 * `guard` before `engine.run`.
 */
export async function openQueryRunner(options: QueryRunnerOptions): Promise<QueryRunnerHandle> {
  const [parser, engine] = await Promise.all([DuckDbSqlParser.open(), openEngine(options)]);
  return {
    runner: { engine, guard: (sql) => guardSql(sql, parser) },
    close: async () => {
      parser.close();
      await engine.close();
    },
  };
}

async function openEngine(options: QueryRunnerOptions): Promise<QueryEngine> {
  if (options.engine !== 'athena') return openDuckDbEngine(options);
  const [{ AthenaClient }, { AthenaEngine }] = [await import('@aws-sdk/client-athena'), await import('./engines/athena-engine.js')];
  return new AthenaEngine({ client: new AthenaClient(options.region ? { region: options.region } : {}), workGroup: options.workGroup, ...(options.outputLocation ? { outputLocation: options.outputLocation } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
}
