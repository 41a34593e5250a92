import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '../../pipeline-infra/lake/importers/index.js';
import { LakeWriter } from '../../pipeline-infra/lake/lake-writer.js';
import { openQueryRunner, type QueryRunnerHandle } from '../../pipeline-infra/query/open-query-runner.js';
import { SHARED_DATA } from './fixture-lake.js';

/** The real flaws2 CloudTrail logs imported into a fresh lake, with a query runner over it. */
export async function openFlaws2Lake(): Promise<{ lake: string; queries: QueryRunnerHandle; close(): Promise<void> }> {
  const lake = mkdtempSync(join(tmpdir(), 'cia-flaws2-'));
  const dir = join(SHARED_DATA, 'cloudtrail', 'flaws2');
  const writer = new LakeWriter(lake);
  await importFiles('cloudtrail_logs', readdirSync(dir).map((f) => join(dir, f)), writer);
  await writer.close();
  const queries = await openQueryRunner({ lakeDir: lake });
  return {
    lake,
    queries,
    close: async () => {
      await queries.close();
      rmSync(lake, { recursive: true, force: true });
    },
  };
}

export const FLAWS2_ACCOUNT = '653711331788';

/** A sub-agent's QuerySpec for the GetObject calls of 2018-11-28 in the flaws2 account. */
export function getObjectSpec(extra: Record<string, unknown> = {}) {
  return {
    table: 'cloudtrail_logs',
    select: [{ column: 'eventname' }, { column: 'sourceipaddress' }],
    filters: [{ column: 'eventname', op: 'eq', value: 'GetObject' }],
    time: { from: '2018-11-28T00:00:00Z', to: '2018-11-29T00:00:00Z' },
    accounts: [FLAWS2_ACCOUNT],
    limit: 10,
    ...extra,
  };
}
