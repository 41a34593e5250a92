import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB_DIR = fileURLToPath(new URL('./web/', import.meta.url));

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cia sandbox</title>
<link rel="icon" href="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'><rect width='32' height='32' rx='7' fill='%233F0E40'/><text x='16' y='22' font-size='18' font-family='sans-serif' font-weight='bold' fill='white' text-anchor='middle'>c</text></svg>">
<link rel="stylesheet" href="/sandbox/app.css">
</head>
<body>
<div id="root"></div>
<script type="module" src="/sandbox/app.js"></script>
</body>
</html>
`;

/** Bundles the sandbox web page in memory; the server serves the parts at /sandbox, /sandbox/app.js and /sandbox/app.css. */
export async function buildSandboxPage(): Promise<{ html: string; js: string; css: string }> {
  const result = await build({
    entryPoints: [`${WEB_DIR}main.tsx`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new Error('esbuild produced no output for the sandbox page');

  // The package has no exports map, so its dist files resolve directly.
  const blocksCssPath = createRequire(import.meta.url).resolve('slack-blocks-to-jsx/dist/style.css');
  const [blocksCss, ownCss] = await Promise.all([
    readFile(blocksCssPath, 'utf8'),
    readFile(`${WEB_DIR}styles.css`, 'utf8'),
  ]);
  return { html: HTML, js, css: `${blocksCss}\n${ownCss}` };
}
