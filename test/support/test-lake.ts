import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLake } from '../../pipeline-infra/lake/generator/generate-lake.js';

/**
 * A small generated lake (3 days up to today) shared by the test files of one day: generated
 * once into a temporary folder and renamed into place, so parallel test workers never see half a lake.
 */
export async function sharedTestLake(): Promise<string> {
  const lake = join(tmpdir(), `cia-test-lake-${new Date().toISOString().slice(0, 10)}`);
  if (existsSync(join(lake, 'cia.config.yaml'))) return lake;
  const building = mkdtempSync(join(tmpdir(), 'cia-test-lake-building-'));
  await generateLake({ lakeDir: building, seed: 7, days: 3 });
  try {
    renameSync(building, lake);
  } catch {
    // Another worker finished first: use its lake.
    rmSync(building, { recursive: true, force: true });
  }
  return lake;
}
