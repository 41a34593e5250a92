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

/**
 * The guarded query path over a local lake: the guard's own parser instance and the locked-down
 * DuckDB engine. Every statement, compiled or typed, goes through `guard` before `engine.run`.
 */
export async function openQueryRunner(options: { lakeDir: string; timeoutMs?: number }): Promise<QueryRunnerHandle> {
  const [parser, engine] = await Promise.all([DuckDbSqlParser.open(), openDuckDbEngine(options)]);
  return {
    runner: { engine, guard: (sql) => guardSql(sql, parser) },
    close: async () => {
      parser.close();
      await engine.close();
    },
  };
}
