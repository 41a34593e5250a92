import { z } from 'zod';
import { CATALOG, columnPaths, type TableDef } from '../catalog/index.js';

/**
 * A QuerySpec is what a sub-agent asks for: columns, filters, an absolute time range, accounts,
 * regions, grouping, aggregates, order and limit. The model never writes partition predicates
 * or does date arithmetic: the compiler derives them from this (DESIGN §3.2).
 *
 * A column is a path from the catalog (`eventname`, `useridentity.username`), or a path below a
 * JSON column (`requestparameters.bucketName`, `requestparameters.ipPermissions.items`).
 */

export const FILTER_OPERATORS = [
  'eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'starts_with', 'ends_with',
  'is_null', 'is_not_null', 'gt', 'gte', 'lt', 'lte',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export const AGGREGATE_FUNCTIONS = ['count', 'count_distinct', 'sum', 'min', 'max', 'avg'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

const scalar = z.union([z.string().max(512), z.number(), z.boolean()]);
const columnPathPattern = /^[a-z_][a-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;
const aliasPattern = /^[a-z_][a-z0-9_]{0,62}$/;

export const filterSchema = z.strictObject({
  column: z.string().regex(columnPathPattern),
  op: z.enum(FILTER_OPERATORS),
  /** Text comparisons (eq, in, contains…) are case-insensitive when true. */
  ignore_case: z.boolean().optional(),
  value: z.union([scalar, z.array(scalar).min(1).max(200)]).optional(),
});
export type Filter = z.infer<typeof filterSchema>;

export const aggregateSchema = z.strictObject({
  fn: z.enum(AGGREGATE_FUNCTIONS),
  /** Omitted for count(*). */
  column: z.string().regex(columnPathPattern).optional(),
  as: z.string().regex(aliasPattern),
});
export type Aggregate = z.infer<typeof aggregateSchema>;

export const selectSchema = z.strictObject({
  column: z.string().regex(columnPathPattern),
  as: z.string().regex(aliasPattern).optional(),
});
export type SelectItem = z.infer<typeof selectSchema>;

const isoInstant = z.iso.datetime({ offset: true });

export const querySpecSchema = z.strictObject({
  table: z.enum(CATALOG.map((t) => t.name) as [string, ...string[]]),
  select: z.array(selectSchema).max(20).default([]),
  filters: z.array(filterSchema).max(20).default([]),
  /** Absolute, half-open: from ≤ time < to, both with an offset (normally Z). */
  time: z.strictObject({ from: isoInstant, to: isoInstant }),
  /** Account ids; empty means every account the caller may see. */
  accounts: z.array(z.string().regex(/^\d{12}$/)).max(100).default([]),
  regions: z.array(z.string().regex(/^[a-z0-9-]{4,32}$/)).max(40).default([]),
  group_by: z.array(z.string().regex(columnPathPattern)).max(10).default([]),
  aggregates: z.array(aggregateSchema).max(10).default([]),
  order_by: z.array(z.strictObject({ column: z.string(), direction: z.enum(['asc', 'desc']).default('desc') })).max(5).default([]),
  limit: z.number().int().min(1).max(1000).default(20),
  distinct: z.boolean().default(false),
});
export type QuerySpec = z.infer<typeof querySpecSchema>;
export type QuerySpecInput = z.input<typeof querySpecSchema>;

/** Where a spec's column path leads: a catalog column, or a path inside a JSON column. */
export type ResolvedColumn =
  | { kind: 'column'; path: string; verbose: boolean }
  | { kind: 'json'; column: string; jsonPath: string[]; verbose: boolean };

/** Resolves a column path against the table; undefined when the table has no such column. */
export function resolveColumn(table: TableDef, path: string): ResolvedColumn | undefined {
  const paths = columnPaths(table);
  const exact = paths.find((p) => p.path === path);
  if (exact) return { kind: 'column', path, verbose: exact.verbose };
  const json = paths.filter((p) => p.type === 'json' && path.startsWith(`${p.path}.`)).sort((a, b) => b.path.length - a.path.length)[0];
  if (json) return { kind: 'json', column: json.path, jsonPath: path.slice(json.path.length + 1).split('.'), verbose: false };
  return undefined;
}
