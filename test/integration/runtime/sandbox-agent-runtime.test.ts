import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRuntimeServer, type RuntimeServer } from '../../../agents/runtime/runtime-server.js';
import type { Invocation } from '../../../agents/runtime/runtime-contract.js';
import { lakeConfig } from '../../../bot/cli/lake-config.js';
import { invocationAnswerer } from '../../../bot/cli/runtime-command.js';
import { openStandaloneInvestigations, type StandaloneInvestigations } from '../../../bot/investigations/standalone-investigations.js';
import type { MessageView } from '../../../bot/sandbox/emulator/types.js';
import { readEnv, storageEnvSchema } from '../../../pipeline-infra/config/env.js';
import { blockText, startTestSandbox, type TestSandbox } from '../../support/sandbox.js';
import { sharedTestLake } from '../../support/test-lake.js';

/** `npm start` / `cia serve` with CIA_AGENT_RUNTIME_URL: the sandbox's investigations go to a `cia runtime`, and its agent_runtime fault still bites. */

let runtimeData: string;
let investigations: StandaloneInvestigations;
let runtime: RuntimeServer;
let sandbox: TestSandbox;
const served: Invocation[] = [];

beforeAll(async () => {
  const lake = await sharedTestLake();
  const config = lakeConfig(undefined, lake);
  runtimeData = mkdtempSync(join(tmpdir(), 'cia-sandbox-runtime-'));
  investigations = await openStandaloneInvestigations({ lakeDir: lake, config, storage: readEnv(storageEnvSchema, { CIA_DATA_DIR: runtimeData }), sessions: true, warn: () => {} });
  const answer = invocationAnswerer(investigations, config);
  runtime = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: (invocation, onProgress) => (served.push(invocation), answer(invocation, onProgress)) });
  // The local runtime reads where the agents run from the process environment, as `cia serve` does.
  process.env.CIA_AGENT_RUNTIME_URL = runtime.url;
  try {
    sandbox = await startTestSandbox();
  } finally {
    delete process.env.CIA_AGENT_RUNTIME_URL;
  }
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
  await runtime?.close();
  await investigations?.close();
  rmSync(runtimeData, { recursive: true, force: true });
});

/** Runs one /cia command in #oncall and returns its thread once the progress message has ended. */
async function ask(text: string): Promise<string> {
  const before = new Set((await sandbox.messages('oncall')).map((m) => m.ts));
  await sandbox.post('/sandbox/api/command', { channel: 'oncall', user: 'U01ALICE', command: '/cia', text });
  const threadOf = (all: MessageView[]) => {
    const root = all.find((m) => !before.has(m.ts) && !m.thread_ts && m.bot_id);
    return root ? all.filter((m) => m.thread_ts === root.ts && m.ts !== root.ts) : [];
  };
  const ended = (all: MessageView[]) => threadOf(all).some((m) => /✅|❌/.test(blockText(m))) && threadOf(all).length >= 2;
  await sandbox.waitFor(() => sandbox.messages('oncall'), ended, 'a terminal message', 45_000);
  await sandbox.jobs.idle();
  return threadOf(await sandbox.messages('oncall')).map(blockText).join('\n');
}

describe('the sandbox with the agents behind the runtime contract', () => {
  it('sends the investigation to the runtime, with the asker, zone and session', async () => {
    const thread = await ask('how many API calls failed in the last 3 days?');
    expect(thread).toMatch(/✅/);
    expect(thread).toMatch(/CloudTrail events that failed/);
    expect(served).toHaveLength(1);
    expect(served[0]).toMatchObject({ prompt: 'how many API calls failed in the last 3 days?', user_id: 'U01ALICE', session_id: expect.any(String), tz: expect.any(String) });
    expect(served[0]!.sessionId!.length).toBeGreaterThanOrEqual(33);
  }, 60_000);

  it('still fails the agent runtime on demand, ending the investigation in ❌', async () => {
    await sandbox.post('/sandbox/api/faults', { target: 'agent_runtime', count: 1 });
    const thread = await ask('how many API calls failed yesterday?');
    expect(thread).toMatch(/❌/);
    expect(thread).toMatch(/agent_runtime is unavailable/);
    expect(served).toHaveLength(1);
  }, 60_000);
});
