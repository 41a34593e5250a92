#!/usr/bin/env node
// Starts the `cia` command. Short commands (ask, sql, lake, bench) run from an esbuild bundle of
// the TypeScript sources, rebuilt whenever a source is newer, because loading hundreds of modules
// through a TypeScript loader costs seconds; long-running ones (sandbox, serve) run the sources
// directly through tsx, where start-up time does not matter and the web page's sources sit beside them.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['bot', 'agents', 'pipeline-infra', 'blocks'];
const LONG_RUNNING = new Set(['sandbox', 'serve']);
const bundle = join(root, 'node_modules', '.cache', 'cia', 'cia.mjs');

async function loadMain() {
  // A container image ships the bundle without the sources: it runs as built.
  if (!existsSync(join(root, 'bot'))) return import(pathToFileURL(bundle).href);
  if (LONG_RUNNING.has(process.argv[2]) || process.env.CIA_FROM_SOURCE === '1') return fromSource();
  try {
    if (newestSource() > modifiedAt(bundle)) await buildBundle();
    return await import(pathToFileURL(bundle).href);
  } catch (error) {
    if (process.env.CIA_DEBUG) console.error('cia: bundle unavailable, running from source:', error);
    return fromSource();
  }
}

async function fromSource() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../bot/cli/main.ts');
}

function modifiedAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSource() {
  let newest = Math.max(modifiedAt(join(root, 'package.json')), modifiedAt(join(root, 'package-lock.json')), modifiedAt(fileURLToPath(import.meta.url)));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|css)$/.test(entry.name)) newest = Math.max(newest, modifiedAt(path));
    }
  };
  for (const dir of SOURCE_DIRS) walk(join(root, dir));
  return newest;
}

async function buildBundle() {
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  // Written aside and renamed, so a concurrent start never imports half a file.
  const partial = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'bot', 'cli', 'main.ts')],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // Native addons and tools that load files of their own stay outside the bundle.
    external: ['@duckdb/*', 'dynalite', 'classic-level', 'esbuild', 'playwright-core', 'tsx'],
    banner: {
      js: "import { createRequire as __ciaRequire } from 'node:module'; import { fileURLToPath as __ciaPath } from 'node:url'; const require = __ciaRequire(import.meta.url); const __filename = __ciaPath(import.meta.url); const __dirname = __ciaPath(new URL('.', import.meta.url));",
    },
  });
  renameSync(partial, bundle);
}

const { main } = await loadMain();
process.exitCode = await main(process.argv);
