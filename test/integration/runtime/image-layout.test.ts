import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedTestLake } from '../../support/test-lake.js';

/**
 * The AgentCore image runs `bin/cia.js` beside `node_modules` (its bundle in the cache) and no
 * sources, so it cannot fall back to them as a checkout does: the bundle must build and serve.
 */

const root = process.cwd();
let dir: string;
let runtime: ChildProcess | undefined;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cia-image-'));
});

afterAll(() => {
  runtime?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the image layout (bin/cia.js and its bundle, no sources)', () => {
  it('builds the bundle from the sources without falling back to them', () => {
    const built = spawnSync(process.execPath, [join(root, 'bin', 'cia.js'), 'runtime', '--help'], { cwd: root, env: { ...process.env, CIA_DEBUG: '1' }, encoding: 'utf8', timeout: 120_000 });
    expect(built.stderr).not.toMatch(/bundle unavailable/);
    expect(built.status).toBe(0);
  }, 130_000);

  it('serves /ping and answers an investigation on the AgentCore contract', async () => {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(root, 'bin', 'cia.js'), join(dir, 'bin', 'cia.js'));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const port = await freePort();
    let stderr = '';
    runtime = spawn(process.execPath, [join(dir, 'bin', 'cia.js'), 'runtime', '--port', String(port), '--lake', await sharedTestLake()], { cwd: dir, env: { ...process.env, CIA_DATA_DIR: join(dir, 'data') } });
    runtime.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    let ping: unknown;
    for (let attempt = 0; attempt < 120 && ping === undefined; attempt++) {
      ping = await fetch(`${url}/ping`).then((r) => r.json(), () => undefined);
      if (ping === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect({ ping, stderr: stderr.includes('bundle unavailable') ? stderr : '' }).toMatchObject({ ping: { status: 'Healthy' }, stderr: '' });
    const answer = (await (await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'How many API calls failed in prod yesterday?' }) })).json()) as { status: string; sources: string[] };
    expect(answer.status).toMatch(/^(answered|no_data)$/);
    expect(answer.sources).toEqual(['cloudtrail']);
  }, 90_000);
});
