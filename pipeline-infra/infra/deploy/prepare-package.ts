import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RUNBOOKS_DIR } from '../../alerts/runbooks/load-runbooks.js';
import { loadOrgConfig } from '../../config/org-config.js';
import { bundleFunctions } from './bundle-functions.js';
import { glueCatalogResources } from './glue-catalog-resources.js';

/**
 * What `osls package` reads besides serverless.yml, written to `.build/`: the four function
 * bundles, the Glue and Athena resources generated from the catalog, the runbooks the alerts
 * function retrieves from, and the organization's configuration (`configFile`, or none: an
 * organization without aliases or channel policies). Run by `npm run package` and `npm run deploy`.
 */
export async function preparePackage(root: string, configFile?: string): Promise<string[]> {
  const buildDir = join(root, '.build');
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  if (configFile) loadOrgConfig(configFile);
  writeFileSync(join(buildDir, 'cia.config.yaml'), configFile ? readFileSync(configFile) : '# No configuration was given to `npm run package` (CIA_CONFIG).\n');
  cpSync(DEFAULT_RUNBOOKS_DIR, join(buildDir, 'runbooks'), { recursive: true });
  writeFileSync(join(buildDir, 'glue-catalog.json'), `${JSON.stringify(glueCatalogResources(), null, 2)}\n`);
  const bundles = await bundleFunctions(root, join(buildDir, 'functions'));
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2).padStart(5)} MiB`;
  return bundles.map((b) => `${b.name.padEnd(9)} ${mib(b.codeBytes)} of minified JavaScript (${b.handler})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // The configuration is checked here, so a mistake fails the package rather than the first cold start.
  for (const line of await preparePackage(resolve(fileURLToPath(new URL('../../..', import.meta.url))), process.env.CIA_CONFIG)) console.log(line);
}
