import type { z } from 'zod';
import type { ApiRow, ApiSourceName } from '../api-source.js';

/** What every service's request has (see `requestBase`). */
export interface RequestBase {
  service: ApiSourceName;
  accounts: string[];
  regions: string[];
  limit: number;
}

/** One account's snapshot: the API responses stored as files named after their operation. */
export interface SnapshotFiles {
  /** The account whose folder this is. */
  readonly account: string;
  /** Responses of an operation: `<Operation>.json` (key undefined) and `<Operation>.<key>.json` (a region, a parent id…). */
  responses(operation: string): { key?: string; response: unknown }[];
}

/**
 * A read API as cia uses it, whichever implementation answers: the typed request, the response
 * files a snapshot holds (the API's own shapes), how responses become rows, and the filters the
 * API applies server-side, applied again to rows so a snapshot answers exactly as the API would.
 */
export interface ApiService<Request extends RequestBase = RequestBase> {
  name: Request['service'];
  /** For people: "GuardDuty findings". */
  title: string;
  request: z.ZodType<Request>;
  /** The responses a snapshot may hold, by operation, each checked on read and on import. */
  responses: Record<string, z.ZodType>;
  /** The rows of one account's snapshot. */
  snapshotRows(files: SnapshotFiles): ApiRow[];
  /** The request's own filters (accounts and regions are checked for every service). */
  matches(row: ApiRow, request: Request): boolean;
  /** Most relevant first. */
  compare(a: ApiRow, b: ApiRow): number;
  /** The request in words, for receipts: what `sql` is for a lake query. */
  describe(request: Request): string;
}

/** The rows that answer a request: its filters, most relevant first, at most `limit`. */
export function selectRows<Request extends RequestBase>(service: ApiService<Request>, rows: ApiRow[], request: Request): ApiRow[] {
  const inScope = (row: ApiRow) =>
    (request.accounts.length === 0 || request.accounts.includes(String(row.account))) &&
    // Rows without a region (an organization's accounts) are global.
    (request.regions.length === 0 || row.region === undefined || row.region === null || request.regions.includes(String(row.region)));
  return rows.filter((row) => inScope(row) && service.matches(row, request)).sort(service.compare).slice(0, request.limit);
}

/** "in 333333333333, eu-central-1" for receipts. */
export function describeScope(request: RequestBase & { from?: string; to?: string }): string {
  return [
    request.accounts.length ? `accounts ${request.accounts.join(', ')}` : 'all accounts',
    request.regions.length ? `regions ${request.regions.join(', ')}` : undefined,
    request.from || request.to ? `updated ${request.from ?? '…'} → ${request.to ?? 'now'}` : undefined,
  ].filter(Boolean).join('; ');
}
