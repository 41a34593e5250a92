import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadOrgConfig, type OrgConfig } from '../../pipeline-infra/config/org-config.js';
import type { StorageEnv } from '../../pipeline-infra/config/env.js';

/** --lake, else CIA_DATA_DIR/lake. */
export function lakeDirOf(lake: string | undefined, storage: StorageEnv): string {
  return resolve(lake ?? join(storage.CIA_DATA_DIR, 'lake'));
}

/** --config, else the configuration a generated lake carries, else no accounts. */
export function lakeConfig(file: string | undefined, lakeDir: string): OrgConfig {
  const beside = join(lakeDir, 'cia.config.yaml');
  return loadOrgConfig(file ?? (existsSync(beside) ? beside : undefined));
}
