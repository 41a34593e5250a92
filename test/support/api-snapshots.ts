import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import { apiRequestSchema, type ApiRequest, type ApiRequestInput } from '../../pipeline-infra/api-sources/services/index.js';
import { apiSnapshots, writeApiSnapshots, type SnapshotFile } from '../../pipeline-infra/lake/generator/api-snapshots/index.js';
import { backgroundFindings } from '../../pipeline-infra/lake/generator/guardduty.js';
import { incidentEffects, incidentRows, planIncidents } from '../../pipeline-infra/lake/generator/incidents/index.js';
import { Random } from '../../pipeline-infra/lake/generator/random.js';
import { DAY } from '../../pipeline-infra/lake/generator/rhythm.js';

export const SNAPSHOT_NOW = Date.parse('2024-05-15T12:34:56Z');

/** The API snapshots `cia lake generate` writes for seed 1 and 14 days, without the lake's tables. */
export function generatedSnapshots(now = SNAPSHOT_NOW): SnapshotFile[] {
  const plan = planIncidents(now, Random.fromSeed(1).fork('incidents'));
  const { rows } = incidentRows(plan, Random.fromSeed(1).fork('incident-rows'));
  const guardduty = [...backgroundFindings({ random: Random.fromSeed(1).fork('guardduty'), window: { from: now - 14 * DAY, to: now } }), ...rows.guardduty];
  return apiSnapshots({ now, guardduty, incidents: plan, retiredInstances: incidentEffects(plan).retiredInstances });
}

/** The items of one operation's responses across accounts (the fakes' data: the API's own shapes). */
export function itemsOf<T = Record<string, unknown>>(files: SnapshotFile[], service: ApiSourceName, operation: string, field: string): T[] {
  return files.filter((f) => f.service === service && f.operation === operation).flatMap((f) => (f.response as Record<string, T[]>)[field]!);
}

/** A lake folder holding only the snapshots, removed by the returned function. */
export async function snapshotLake(files: SnapshotFile[]): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'cia-api-'));
  await writeApiSnapshots(dir, files);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function request(input: ApiRequestInput): ApiRequest {
  return apiRequestSchema.parse(input);
}
