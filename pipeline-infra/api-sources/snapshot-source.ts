import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SnapshotMissingError, type ApiRow, type ApiSource, type ApiSourceName } from './api-source.js';
import { apiService, selectRows, type ApiRequest, type SnapshotFiles } from './services/index.js';

/** The lake's folder of API snapshots: `<lake>/api/<service>/<account_id>/<Operation>[.<key>].json`. */
export const API_SNAPSHOT_DIR = 'api';

export function snapshotFolder(lakeDir: string, service: ApiSourceName, account?: string): string {
  return account ? join(lakeDir, API_SNAPSHOT_DIR, service, account) : join(lakeDir, API_SNAPSHOT_DIR, service);
}

/** `GetFindings.json` → GetFindings; `ListFindings.eu-central-1.json` → ListFindings, key eu-central-1. */
export function snapshotFileName(operation: string, key?: string): string {
  return key ? `${operation}.${key}.json` : `${operation}.json`;
}

/**
 * The embedded default (DESIGN §2): an API answered from JSON snapshots of its own responses in
 * the lake folder, with the filters the API would apply. Every account's folder is read, since an
 * organization's accounts are listed by its management account alone.
 */
export class SnapshotApiSource implements ApiSource<ApiRequest> {
  readonly engine = 'snapshot';

  constructor(
    private readonly lakeDir: string,
    readonly service: ApiSourceName,
  ) {}

  async fetch(request: ApiRequest): Promise<ApiRow[]> {
    const definition = apiService(this.service);
    const folder = snapshotFolder(this.lakeDir, this.service);
    const accounts = await readdir(folder, { withFileTypes: true }).catch(() => {
      throw new SnapshotMissingError(this.service, folder);
    });
    const rows: ApiRow[] = [];
    for (const entry of accounts) {
      if (!entry.isDirectory() || !/^\d{12}$/.test(entry.name)) continue;
      rows.push(...definition.snapshotRows(await readSnapshotFiles(this.lakeDir, this.service, entry.name)));
    }
    return selectRows(definition, rows, request);
  }
}

/** One account's snapshot files, each checked against the response shape of its operation. */
export async function readSnapshotFiles(lakeDir: string, service: ApiSourceName, account: string): Promise<SnapshotFiles> {
  const folder = snapshotFolder(lakeDir, service, account);
  const schemas = apiService(service).responses;
  const files: { operation: string; key?: string; response: unknown }[] = [];
  for (const name of (await readdir(folder)).sort()) {
    const match = /^([A-Za-z]+)(?:\.(.+))?\.json$/.exec(name);
    const schema = match ? schemas[match[1]!] : undefined;
    if (!match || !schema) continue;
    const path = join(folder, name);
    const parsed = schema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) throw new Error(`${path} is not a ${match[1]} response: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    files.push({ operation: match[1]!, key: match[2], response: parsed.data });
  }
  return { account, responses: (operation) => files.filter((f) => f.operation === operation).map(({ key, response }) => ({ key, response })) };
}
