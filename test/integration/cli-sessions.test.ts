import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sharedTestLake } from '../support/test-lake.js';

const run = promisify(execFile);
const PROD = '333333333333';
const DEV = '222222222222';

interface AskOutput {
  status: string;
  answer: string;
  session_id: string;
  scope: { accounts: string[]; from: string | null; to: string | null };
}

/** Each step in its own `cia` process, as an engineer at a terminal runs them: only disk carries the thread. */
async function ask(lake: string, dataDir: string, args: string[], question: string): Promise<AskOutput> {
  const { stdout } = await run(process.execPath, ['bin/cia.js', 'ask', '--json', '--lake', lake, ...args, question], {
    env: { ...process.env, CIA_DATA_DIR: dataDir, CIA_MODEL: 'offline', CIA_MEMORY: 'local' },
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as AskOutput;
}

function dayStart(daysAgo: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d.toISOString();
}

function memoryFiles(dir: string): Array<{ path: string; size: number }> {
  const out: Array<{ path: string; size: number }> = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push({ path, size: statSync(path).size });
    }
  };
  walk(join(dir, 'memory'));
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

describe('cia ask sessions across processes (--session, --new, --clean, --user)', () => {
  let lake: string;
  let dataDir: string;

  beforeAll(async () => {
    lake = await sharedTestLake();
    dataDir = mkdtempSync(join(tmpdir(), 'cia-cli-sessions-'));
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps a three-step follow-up\'s context, keeps memory per user, and --clean keeps nothing', async () => {
    const alice = ['--user', 'alice', '--session', 'night-shift'];
    const first = await ask(lake, dataDir, [...alice, '--new'], 'How many API calls failed in prod yesterday?');
    expect(first).toMatchObject({ status: 'answered', scope: { accounts: [PROD], from: dayStart(1), to: dayStart(0) } });
    expect(first.answer).toContain('failed');

    const second = await ask(lake, dataDir, alice, 'same for dev');
    expect(second).toMatchObject({ session_id: first.session_id, scope: { accounts: [DEV], from: dayStart(1), to: dayStart(0) } });
    expect(second.answer).toContain('failed in dev');

    const third = await ask(lake, dataDir, alice, 'and what about 2 days ago?');
    expect(third).toMatchObject({ session_id: first.session_id, scope: { accounts: [DEV], from: dayStart(2), to: dayStart(1) } });
    expect(third.answer).toContain('failed in dev');

    const fourth = await ask(lake, dataDir, alice, 'only the successful ones');
    expect(fourth).toMatchObject({ scope: { accounts: [DEV], from: dayStart(2) } });
    expect(fourth.answer).toContain('succeeded in dev');

    // Alice's memory: one folder, her thread's four exchanges.
    const kept = memoryFiles(dataDir);
    expect(new Set(kept.map((f) => f.path.split('/memory/')[1]!.split('/')[0])).size).toBe(1);

    // Bob's session of the same name is his own: no context from Alice's, nothing of hers in the answer.
    const bob = await ask(lake, dataDir, ['--user', 'bob', '--session', 'night-shift'], 'and what about 2 days ago?');
    expect(bob.session_id).not.toBe(first.session_id);
    expect(bob.status).toBe('needs_clarification');
    const snooping = await ask(lake, dataDir, ['--user', 'bob'], 'what did alice ask in her sessions?');
    for (const hers of [first, second, third, fourth]) expect(snooping.answer).not.toContain(hers.answer.split('\n')[0]);
    expect(snooping.answer).not.toMatch(/same for dev|only the successful ones|night-shift/);

    // --clean reads and writes no memory: every file is as it was.
    const before = memoryFiles(dataDir);
    await ask(lake, dataDir, [...alice, '--clean'], 'How many API calls failed in prod yesterday?');
    expect(memoryFiles(dataDir)).toEqual(before);

    // --new starts the thread afresh: a follow-up has nothing to follow.
    const fresh = await ask(lake, dataDir, [...alice, '--new'], 'same for dev');
    expect(fresh.session_id).not.toBe(first.session_id);
    expect(fresh.status).toBe('needs_clarification');
  }, 300_000);
});
