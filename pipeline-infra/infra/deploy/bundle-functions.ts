import { build } from 'esbuild';
import { join, relative } from 'node:path';

/** The Lambda functions of serverless.yml, each bundled from `bot/lambda/<name>-handler.ts`. */
export const LAMBDA_FUNCTIONS = ['slack', 'worker', 'detector', 'alerts'] as const;
export type LambdaFunctionName = (typeof LAMBDA_FUNCTIONS)[number];

export interface FunctionBundle {
  name: LambdaFunctionName;
  /** The handler as serverless.yml names it, relative to the repository root. */
  handler: string;
  /** Bytes of JavaScript in the package (source maps apart). */
  codeBytes: number;
}

/**
 * One ES-module bundle per function, minified for Node 22 on Lambda. The SDK clients are
 * bundled rather than taken from the runtime, so the versions tested are the versions run.
 * Local stand-ins (dynalite, DuckDB's native addon) stay out: the Lambda paths never load them.
 */
export async function bundleFunctions(root: string, outDir: string): Promise<FunctionBundle[]> {
  const bundles: FunctionBundle[] = [];
  for (const name of LAMBDA_FUNCTIONS) {
    const result = await build({
      absWorkingDir: root,
      entryPoints: { index: join(root, 'bot', 'lambda', `${name}-handler.ts`) },
      outdir: join(outDir, name),
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // Code loaded on use (the embedded defaults, optional clients) becomes chunks of its own.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      minify: true,
      sourcemap: true,
      metafile: true,
      legalComments: 'none',
      logLevel: 'error',
      external: ['@duckdb/*', 'dynalite', 'classic-level'],
      // Bundled CommonJS packages call require() for Node's built-ins.
      banner: { js: "import { createRequire as __ciaRequire } from 'node:module'; const require = __ciaRequire(import.meta.url);" },
    });
    const outputs = Object.entries(result.metafile.outputs);
    bundles.push({
      name,
      handler: `${relative(root, outDir)}/${name}/index.handle`,
      codeBytes: outputs.filter(([file]) => file.endsWith('.mjs')).reduce((sum, [, output]) => sum + output.bytes, 0),
    });
  }
  return bundles;
}

