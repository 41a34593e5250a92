import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { API_SNAPSHOT_DIR, snapshotFileName, snapshotFolder } from '../../../api-sources/snapshot-source.js';
import { accessAnalyzerSnapshots } from './access-analyzer.js';
import { guardDutySnapshots } from './guardduty.js';
import { healthSnapshots } from './health.js';
import { inspectorSnapshots } from './inspector.js';
import { macieSnapshots } from './macie.js';
import { organizationsSnapshots } from './organizations.js';
import { quotasSnapshots } from './quotas.js';
import type { SnapshotFile, SnapshotInput } from './snapshot-file.js';

export type { SnapshotFile, SnapshotInput } from './snapshot-file.js';

/** Every API snapshot of a generated lake, consistent with its logs and incidents. */
export function apiSnapshots(input: SnapshotInput): SnapshotFile[] {
  return [
    ...guardDutySnapshots(input),
    ...healthSnapshots(input),
    ...accessAnalyzerSnapshots(input),
    ...organizationsSnapshots(),
    ...quotasSnapshots(input),
    ...macieSnapshots(input),
    ...inspectorSnapshots(input),
  ];
}

/** Writes the snapshots under `<lake>/api/`, replacing any written before. */
export async function writeApiSnapshots(lakeDir: string, files: SnapshotFile[]): Promise<number> {
  await rm(join(lakeDir, API_SNAPSHOT_DIR), { recursive: true, force: true });
  for (const file of files) {
    const path = join(snapshotFolder(lakeDir, file.service, file.account), snapshotFileName(file.operation, file.key));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(file.response, null, 2)}\n`);
  }
  return files.length;
}
