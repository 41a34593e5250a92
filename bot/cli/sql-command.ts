import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { renderTable } from './text-table.js';

export type SqlOutput =
  | { status: 'ok'; sql: string; columns: string[]; rows: Record<string, unknown>[]; notes: string[] }
  | { status: 'refused'; reason: string }
  | { status: 'error'; sql: string; reason: string };

/** `cia sql "<SQL>" --lake DIR [--json]` (DESIGN §6.1): one statement through the query guard and the locked-down engine. */
export function sqlCommand(): Command {
  return new Command('sql')
    .description('run one SELECT over the lake through the query guard and the locked-down DuckDB engine')
    .argument('<sql>', 'one SELECT statement over cia_logs.<table>, partition keys constrained')
    .requiredOption('--lake <dir>', 'the lake folder')
    .option('--json', 'print one JSON object')
    .action(async (sql: string, options: { lake: string; json?: boolean }, command: Command) => {
      const lakeDir = resolve(options.lake);
      if (!statSync(lakeDir, { throwIfNoEntry: false })?.isDirectory()) command.error(`error: no lake folder at ${lakeDir}`, { exitCode: 2 });
      const output = await runSql(sql, lakeDir);
      process.stdout.write(`${options.json ? JSON.stringify(output) : renderSqlOutput(output)}\n`);
    });
}

async function runSql(sql: string, lakeDir: string): Promise<SqlOutput> {
  // Loaded on use: other commands start without DuckDB.
  const [{ DuckDbSqlParser, guardSql }, { openDuckDbEngine }, { QueryEngineError }] = await Promise.all([
    import('../../pipeline-infra/query/guard/index.js'),
    import('../../pipeline-infra/query/engines/duckdb-engine.js'),
    import('../../pipeline-infra/query/engine.js'),
  ]);
  const parser = await DuckDbSqlParser.open();
  const verdict = await guardSql(sql, parser).finally(() => parser.close());
  // Refused before the lake is even opened.
  if (!verdict.ok) return { status: 'refused', reason: verdict.reason };
  const engine = await openDuckDbEngine({ lakeDir });
  try {
    const result = await engine.run(verdict.sql);
    return { status: 'ok', sql: verdict.sql, columns: result.columns, rows: result.rows, notes: [...verdict.notes, ...engine.warnings] };
  } catch (error) {
    if (error instanceof QueryEngineError && error.failure === 'rejected') return { status: 'refused', reason: error.message };
    return { status: 'error', sql: verdict.sql, reason: (error as Error).message };
  } finally {
    await engine.close();
  }
}

/** The terminal form: the statement as run, notes, and the rows as a table. */
export function renderSqlOutput(output: SqlOutput): string {
  if (output.status === 'refused') return `refused: ${output.reason}`;
  if (output.status === 'error') return `${output.sql}\n\nerror: ${output.reason}`;
  return [
    output.sql,
    ...output.notes.map((note) => `-- ${note}`),
    '',
    renderTable(output.columns, output.rows),
    `(${output.rows.length} row${output.rows.length === 1 ? '' : 's'})`,
  ].join('\n');
}
