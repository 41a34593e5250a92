import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { importName, type ApiSourceName } from '../../api-sources/api-source.js';
import { apiService } from '../../api-sources/services/index.js';
import { snapshotFileName, snapshotFolder } from '../../api-sources/snapshot-source.js';
import { readInputText } from './read-input.js';

/** Where an operation's items are, and whose account (and region) each belongs to. */
interface ItemsOf {
  field: string;
  account?(item: Record<string, unknown>): string | undefined;
  /** The file key the snapshot needs (a region, a parent id), from an item. */
  key?(item: Record<string, unknown>): string | undefined;
}

const arnPart = (index: number) => (arn: unknown) => (typeof arn === 'string' ? arn.split(':')[index] || undefined : undefined);
const arnAccount = arnPart(4);
const arnRegion = arnPart(3);

/** Per service and operation: the array of items in the response, and what says whose they are. */
const ITEMS: Record<ApiSourceName, Record<string, ItemsOf>> = {
  guardduty: { GetFindings: { field: 'Findings', account: (f) => f.AccountId as string } },
  // DescribeEvents names no account: --account does.
  health: { DescribeEvents: { field: 'events' } },
  'access-analyzer': { ListFindings: { field: 'findings', account: (f) => f.resourceOwnerAccount as string } },
  organizations: {
    ListAccounts: { field: 'Accounts', account: (a) => arnAccount(a.Arn) },
    ListRoots: { field: 'Roots', account: (r) => arnAccount(r.Arn) },
    ListOrganizationalUnitsForParent: { field: 'OrganizationalUnits', account: (u) => arnAccount(u.Arn) },
    ListAccountsForParent: { field: 'Accounts', account: (a) => arnAccount(a.Arn) },
  },
  quotas: {
    ListServiceQuotas: { field: 'Quotas', account: (q) => arnAccount(q.QuotaArn), key: (q) => arnRegion(q.QuotaArn) },
    GetMetricData: { field: 'MetricDataResults', account: (r) => arnAccount(r.Label), key: (r) => arnRegion(r.Label) },
  },
  macie: { GetFindings: { field: 'findings', account: (f) => f.accountId as string } },
  inspector: { ListFindings: { field: 'findings', account: (f) => f.awsAccountId as string } },
};

/** Operations whose file key is a parent's id, which only the file's name can give. */
const KEYED_BY_PARENT = new Set(['ListOrganizationalUnitsForParent', 'ListAccountsForParent']);
const PARENT_ID = /\b(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})\b/;

export interface ApiImportOptions {
  /** The account of responses that name none (Health's DescribeEvents). */
  account?: string;
  /** The region of responses that name none (Access Analyzer's ListFindings). */
  region?: string;
}

export interface ApiImportReport {
  files: number;
  items: number;
  written: string[];
  problems: { file: string; reason: string }[];
}

/**
 * `cia lake import <service> <files>`: real API output (the JSON `aws … --output json` prints)
 * checked against the operation's response shape, then merged into the snapshot layout the
 * embedded API sources read. Files that are not such a response are reported and skipped.
 */
export async function importApiSnapshots(service: ApiSourceName, paths: string[], lakeDir: string, options: ApiImportOptions = {}): Promise<ApiImportReport> {
  const report: ApiImportReport = { files: 0, items: 0, written: [], problems: [] };
  for (const file of paths) {
    report.files += 1;
    try {
      const pieces = await snapshotPieces(service, file, options);
      for (const piece of pieces) {
        const target = join(snapshotFolder(lakeDir, service, piece.account), snapshotFileName(piece.operation, piece.key));
        await mergeInto(target, piece.field, piece.items);
        report.items += piece.items.length;
        if (!report.written.includes(target)) report.written.push(target);
      }
    } catch (error) {
      report.problems.push({ file, reason: (error as Error).message });
    }
  }
  return report;
}

interface Piece {
  operation: string;
  account: string;
  key?: string;
  field: string;
  items: unknown[];
}

/** One response file split by account: which operation it answers, and the items of each account. */
async function snapshotPieces(service: ApiSourceName, file: string, options: ApiImportOptions): Promise<Piece[]> {
  const { text, failure } = await readInputText(file);
  if (failure) throw new Error(failure);
  const response = JSON.parse(text) as unknown;
  const schemas = apiService(service).responses;
  const candidates = Object.keys(schemas).filter((op) => schemas[op]!.safeParse(response).success);
  if (candidates.length === 0) throw new Error(`not a ${Object.keys(schemas).join(' or ')} response of ${importName(service)}`);
  // ListAccounts and ListAccountsForParent look alike: a parent id in the file's name tells them apart.
  const parent = service === 'organizations' ? PARENT_ID.exec(basename(file))?.[1] : undefined;
  const operation = candidates.find((op) => KEYED_BY_PARENT.has(op) === Boolean(parent));
  if (!operation) throw new Error(`a ${candidates[0]} response is kept per parent: put the parent's id (r-… or ou-…) in the file's name`);
  const { field, account, key } = ITEMS[service][operation]!;
  const byTarget = new Map<string, Piece>();
  for (const item of (response as Record<string, Record<string, unknown>[]>)[field]!) {
    const owner = account?.(item) ?? options.account;
    if (!owner || !/^\d{12}$/.test(owner)) throw new Error(`the response names no account: pass --account`);
    const fileKey = parent ?? key?.(item) ?? options.region;
    const id = `${owner}/${fileKey ?? ''}`;
    let piece = byTarget.get(id);
    if (!piece) byTarget.set(id, (piece = { operation, account: owner, ...(fileKey ? { key: fileKey } : {}), field, items: [] }));
    piece.items.push(item);
  }
  return [...byTarget.values()];
}

/** Adds items to a snapshot file (created if absent), each item once. */
async function mergeInto(path: string, field: string, items: unknown[]): Promise<void> {
  const existing = await readFile(path, 'utf8').then((text) => (JSON.parse(text) as Record<string, unknown[]>)[field] ?? [], () => []);
  const seen = new Set(existing.map((item) => JSON.stringify(item)));
  const merged = [...existing, ...items.filter((item) => !seen.has(JSON.stringify(item)))];
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify({ [field]: merged }, null, 2)}\n`);
}
