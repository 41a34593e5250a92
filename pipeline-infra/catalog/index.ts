import { cloudtrailTable } from './tables/cloudtrail.js';
import { cloudwatchTable } from './tables/cloudwatch.js';
import { configTable } from './tables/config.js';
import { curTable } from './tables/cur.js';
import { flowlogsTable } from './tables/flowlogs.js';
import { guarddutyTable } from './tables/guardduty.js';
import { LAKE_DATABASE, type ColumnDef, type ColumnType, type SourceName, type TableDef } from './types.js';

/** The lake's tables: the one source of truth for everything that reads or writes them. */
export const CATALOG: readonly TableDef[] = [cloudtrailTable, cloudwatchTable, configTable, curTable, flowlogsTable, guarddutyTable];

export function tableByName(name: string): TableDef | undefined {
  const bare = name.toLowerCase().replace(/^(awsdatacatalog\.)?cia_logs\./, '');
  return CATALOG.find((t) => t.name === bare);
}

export function tableForSource(source: SourceName): TableDef {
  return CATALOG.find((t) => t.source === source)!;
}

export function qualifiedName(table: TableDef): string {
  return `${LAKE_DATABASE}.${table.name}`;
}

/** A column reachable by a dotted path (struct fields, or the unnested element's fields). */
export interface ColumnPath {
  path: string;
  type: ColumnType;
  verbose: boolean;
  description?: string;
}

/** Every addressable column path of a table: top-level columns, struct fields, unnested fields. */
export function columnPaths(table: TableDef): ColumnPath[] {
  const paths: ColumnPath[] = [];
  const walk = (columns: ColumnDef[], prefix: string, inheritedVerbose: boolean) => {
    for (const column of columns) {
      const path = `${prefix}${column.name}`;
      const verbose = inheritedVerbose || Boolean(column.verbose);
      paths.push({ path, type: column.type, verbose, description: column.description });
      if (typeof column.type === 'object' && 'struct' in column.type) walk(column.type.struct, `${path}.`, verbose);
    }
  };
  walk(table.columns, '', false);
  if (table.unnest) {
    const arrayColumn = table.columns.find((c) => c.name === table.unnest!.column);
    const element = arrayColumn && typeof arrayColumn.type === 'object' && 'array' in arrayColumn.type ? arrayColumn.type.array : undefined;
    if (element && typeof element === 'object' && 'struct' in element) walk(element.struct, `${table.unnest.alias}.`, false);
  }
  for (const key of table.partitionKeys) paths.push({ path: key.name, type: 'string', verbose: false, description: `partition key (${key.role})` });
  return paths;
}

export { LAKE_DATABASE };
export type { SourceName, TableDef };
