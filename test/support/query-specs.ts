import { CATALOG } from '../../pipeline-infra/catalog/index.js';
import type { QuerySpecInput } from '../../pipeline-infra/query/query-spec.js';

/**
 * Query specs of every shape the compiler emits, for every table: the default columns, a bare
 * count, a grouped count, distinct values, verbose columns, JSON paths and a long range.
 */
export function specMatrix(time: { from: string; to: string }, accounts: string[]): [string, QuerySpecInput][] {
  const long = { from: new Date(Date.parse(time.from) - 120 * 86_400_000).toISOString(), to: time.to };
  return CATALOG.flatMap((table) => {
    const base = { table: table.name, time, accounts, filters: table.name === 'cloudwatch_logs' ? [{ column: 'loggroup', op: 'eq' as const, value: 'CloudTrail' }] : [] };
    const firstColumn = table.columns.find((c) => typeof c.type === 'string' && c.type !== 'json')!.name;
    const verbose = table.columns.find((c) => c.verbose)?.name;
    const json = table.columns.find((c) => c.type === 'json')?.name;
    const specs: [string, QuerySpecInput][] = [
      ['default columns', base],
      ['a bare count', { ...base, aggregates: [{ fn: 'count', as: 'n' }] }],
      ['a grouped count', { ...base, group_by: [firstColumn], aggregates: [{ fn: 'count', as: 'n' }, { fn: 'count_distinct', column: table.time.column, as: 'times' }] }],
      ['distinct values', { ...base, select: [{ column: firstColumn }], distinct: true }],
      ['a long range', { ...base, time: long, select: [{ column: table.time.column, as: 'at' }], order_by: [{ column: 'at', direction: 'asc' }], limit: 3 }],
    ];
    if (verbose) specs.push(['a verbose column', { ...base, select: [{ column: verbose }], limit: 50 }]);
    if (json) specs.push(['a JSON path', { ...base, select: [{ column: `${json}.someKey`, as: 'value' }], filters: [...base.filters, { column: `${json}.someKey`, op: 'is_null' }] }]);
    return specs.map(([shape, spec]): [string, QuerySpecInput] => [`${table.name}: ${shape}`, spec]);
  });
}
