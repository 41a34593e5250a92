import { fieldName } from '../../catalog/sql-types.js';
import type { ColumnDef, ColumnType } from '../../catalog/types.js';
import { isObject } from './read-input.js';

type JsonObject = Record<string, unknown>;

const keyIndexes = new WeakMap<ColumnDef[], Map<string, ColumnDef>>();

/**
 * The record with every key that names a catalog column, in any letter case, spelled as the
 * source JSON spells it (the column's `sourceKey`): `principalid` → `principalId`, `arn` → `ARN`
 * in CloudTrail's resources. Struct and array-of-struct columns are walked; other keys are kept
 * as they are. Readers that match keys exactly (DuckDB, Athena's JSON SerDe) then see one spelling.
 */
export function canonicalizeKeys(record: JsonObject, columns: ColumnDef[]): JsonObject {
  const index = columnsByLowerKey(columns);
  const canonical: JsonObject = {};
  for (const [key, value] of Object.entries(record)) {
    const column = index.get(key.toLowerCase());
    const name = column ? sourceKey(column) : key;
    // When both spellings are present the canonical one wins, rather than one overwriting the other by key order.
    if (name !== key && Object.hasOwn(record, name)) continue;
    canonical[name] = column ? canonicalizeValue(value, column.type) : value;
  }
  return canonical;
}

function canonicalizeValue(value: unknown, type: ColumnType): unknown {
  if (typeof type !== 'object') return value;
  if ('struct' in type) return isObject(value) ? canonicalizeKeys(value, type.struct) : value;
  return Array.isArray(value) ? value.map((element) => canonicalizeValue(element, type.array)) : value;
}

function columnsByLowerKey(columns: ColumnDef[]): Map<string, ColumnDef> {
  let index = keyIndexes.get(columns);
  if (!index) keyIndexes.set(columns, (index = new Map(columns.map((c) => [sourceKey(c).toLowerCase(), c]))));
  return index;
}

function sourceKey(column: ColumnDef): string {
  return fieldName(column, true);
}
