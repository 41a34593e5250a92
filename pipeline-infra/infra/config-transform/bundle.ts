import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HANDLER_SOURCE = join('pipeline-infra', 'infra', 'config-transform', 'handler.ts');

/**
 * The config-transform function as one ES module for Lambda (Node 22, handler `index.handler`):
 * the code tested is the code deployed, with nothing loaded at run time but Node itself.
 */
export async function bundleConfigTransform(outFile: string): Promise<{ path: string; bytes: number }> {
  // Loaded on use: synthesizing templates alone needs no bundler.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [handlerSource()],
    outfile: outFile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  return { path: outFile, bytes: Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0) };
}

/** The handler's source in the checkout, found upwards from this module (which may be the CLI's own bundle under node_modules/.cache). */
function handlerSource(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, HANDLER_SOURCE))) return join(dir, HANDLER_SOURCE);
    if (dirname(dir) === dir) throw new Error(`cannot find ${HANDLER_SOURCE} in a folder above ${start}`);
  }
}
