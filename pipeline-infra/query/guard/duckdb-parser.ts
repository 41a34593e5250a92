import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { SqlParser } from './guard-sql.js';

/**
 * The guard's parser: a DuckDB instance of its own, in memory, that never sees the lake. External
 * access is off and its configuration locked, so even a statement that slipped into it could
 * read nothing; it only ever runs `json_serialize_sql` on a bound string.
 */
export class DuckDbSqlParser implements SqlParser {
  /** One statement at a time on the connection. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<DuckDbSqlParser> {
    const instance = await DuckDBInstance.create(':memory:', {
      enable_external_access: 'false',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: '1',
      memory_limit: '256MB',
    });
    const connection = await instance.connect();
    await connection.run('SET lock_configuration = true');
    return new DuckDbSqlParser(instance, connection);
  }

  parse(sql: string): Promise<unknown> {
    const result = this.queue.then(() => serializeSql(this.connection, sql));
    this.queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** DuckDB's syntax tree of a statement; parsing only, nothing is bound or run. */
export async function serializeSql(connection: DuckDBConnection, sql: string): Promise<unknown> {
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
  return JSON.parse(String(reader.getRows()[0]![0])) as unknown;
}
