import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunbook, type Runbook } from './parse-runbook.js';

/** `pipeline-infra/runbooks/`, found from this module so it does not depend on the working directory. */
export const DEFAULT_RUNBOOKS_DIR = fileURLToPath(new URL('../../runbooks/', import.meta.url));

/** Every `*.md` of `dir`, parsed, in file-name order. A runbook that does not parse fails the load. */
export async function loadRunbooks(dir: string = DEFAULT_RUNBOOKS_DIR): Promise<Runbook[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  return Promise.all(files.map(async (name) => parseRunbook(basename(name, '.md'), await readFile(join(dir, name), 'utf8'))));
}
