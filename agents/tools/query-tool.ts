import { tool } from '@strands-agents/sdk';
import { z } from 'zod';
import type { TableDef } from '../../pipeline-infra/catalog/types.js';
import { schemaText } from '../../pipeline-infra/catalog/schema-text.js';
import { compileQuerySpec } from '../../pipeline-infra/query/compiler.js';
import type { QueryEngine } from '../../pipeline-infra/query/engine.js';
import { querySpecSchema, type QuerySpec } from '../../pipeline-infra/query/query-spec.js';
import type { InvestigationLedger } from '../ledger.js';

export type QueryToolResult =
  | {
      status: 'ok';
      sql: string;
      rows: Record<string, unknown>[];
      row_count: number;
      /** The guard added or lowered the LIMIT. */
      capped: boolean;
      /** As many rows as the LIMIT allows: there may be more. */
      full_page: boolean;
      time: QuerySpec['time'];
    }
  | { status: 'refused' | 'error'; reason: string };

/** The one path from a QuerySpec to rows: compile, guard, run, record. */
export interface QueryRunner {
  engine: QueryEngine;
  guard(sql: string): Promise<{ ok: true; sql: string; capped: boolean } | { ok: false; reason: string }>;
}

export function queryToolName(table: string): string {
  return `query_${table}`;
}

/**
 * The typed query tool of one lake table (DESIGN §3.2): the model fills a QuerySpec; partition
 * predicates, dates and SQL are the compiler's job, and the guard sees every statement.
 */
export function createQueryTool(table: TableDef, runner: QueryRunner, ledger: InvestigationLedger) {
  return tool({
    name: queryToolName(table.name),
    description: `Query ${table.description}. Give columns, filters, an absolute time range (ISO-8601), accounts and regions; the tool writes the SQL.\n${schemaText(table)}`,
    inputSchema: querySpecSchema.extend({ table: z.literal(table.name) }),
    callback: async (input): Promise<QueryToolResult> => {
      const spec = querySpecSchema.parse(input);
      let sql: string;
      try {
        sql = compileQuerySpec(spec, runner.engine.name).sql;
      } catch (error) {
        return { status: 'refused', reason: `The query could not be built: ${(error as Error).message}` };
      }
      const verdict = await runner.guard(sql);
      if (!verdict.ok) return { status: 'refused', reason: verdict.reason };
      let result;
      try {
        result = await runner.engine.run(verdict.sql);
      } catch (error) {
        return { status: 'error', reason: `The query engine failed: ${(error as Error).message}` };
      }
      // A full page of rows (not of groups or counts, which are as many as asked) may hide more.
      const fullPage = spec.aggregates.length === 0 && result.rows.length >= spec.limit;
      ledger.recordQuery({ source: table.source, engine: runner.engine.name, sql: verdict.sql, row_count: result.rows.length, ms: Math.round(result.ms), bytes_scanned: result.bytesScanned, capped: verdict.capped || fullPage }, result.rows);
      return { status: 'ok', sql: verdict.sql, rows: result.rows, row_count: result.rows.length, capped: verdict.capped, full_page: fullPage, time: spec.time };
    },
  });
}
