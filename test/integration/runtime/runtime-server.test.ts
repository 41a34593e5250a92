import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntimeServer, type RuntimeServer } from '../../../agents/runtime/runtime-server.js';
import { SESSION_HEADER } from '../../../agents/runtime/runtime-contract.js';
import type { InvestigationResult } from '../../../agents/result.js';
import { lakeConfig } from '../../../bot/cli/lake-config.js';
import { invocationAnswerer } from '../../../bot/cli/runtime-command.js';
import { openStandaloneInvestigations, type StandaloneInvestigations } from '../../../bot/investigations/standalone-investigations.js';
import { readEnv, storageEnvSchema } from '../../../pipeline-infra/config/env.js';
import { sharedTestLake } from '../../support/test-lake.js';

/** The AgentCore Runtime contract (issue 8), served in process over a generated lake. */

const SESSION = 'runtime-session-0123456789abcdef0123456789';
let dataDir: string;
let investigations: StandaloneInvestigations;
let runtime: RuntimeServer;

beforeAll(async () => {
  const lake = await sharedTestLake();
  dataDir = mkdtempSync(join(tmpdir(), 'cia-runtime-'));
  const config = lakeConfig(undefined, lake);
  investigations = await openStandaloneInvestigations({ lakeDir: lake, config, storage: readEnv(storageEnvSchema, { CIA_DATA_DIR: dataDir }), sessions: true, warn: () => {} });
  runtime = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: invocationAnswerer(investigations, config) });
}, 120_000);

afterAll(async () => {
  await runtime.close();
  await investigations.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const invoke = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${runtime.url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', [SESSION_HEADER]: SESSION, ...headers }, body: JSON.stringify(body) });

function sseEvents(text: string): Array<Record<string, unknown>> {
  return text.split('\n\n').filter((frame) => frame.startsWith('data: ')).map((frame) => JSON.parse(frame.slice(6)) as Record<string, unknown>);
}

describe('cia runtime: the AgentCore Runtime contract', () => {
  it('answers /ping with Healthy', async () => {
    const ping = (await (await fetch(`${runtime.url}/ping`)).json()) as { status: string; time_of_last_update: number };
    expect(ping.status).toBe('Healthy');
    expect(ping.time_of_last_update).toBeGreaterThan(1_700_000_000);
  });

  it('streams typed progress events as SSE, ending in the result object of cia ask --json', async () => {
    const response = await invoke({ prompt: 'How many API calls failed in prod yesterday?', user_id: 'U01ALICE' }, { accept: 'text/event-stream' });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = sseEvents(await response.text());
    expect(events.length).toBeGreaterThan(2);
    for (const event of events) expect(['status', 'guard', 'tokens', 'error', 'result']).toContain(event.type);
    const result = events.at(-1)!;
    expect(result).toMatchObject({ type: 'result', status: 'answered', sources: ['cloudtrail'], scope: { accounts: ['333333333333'] } });
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['answer', 'session_id', 'queries', 'rows', 'timings', 'tokens']));
  });

  it('keeps a session\'s context for its follow-up, and answers JSON without SSE', async () => {
    const result = (await (await invoke({ prompt: 'same for dev', user_id: 'U01ALICE' })).json()) as InvestigationResult;
    expect(result).toMatchObject({ status: 'answered', scope: { accounts: ['222222222222'] } });
    expect(result.answer).toContain('failed in dev');
  });

  it('applies a channel\'s policy', async () => {
    const result = (await (await invoke({ prompt: 'how many API calls failed in prod yesterday?', user_id: 'U02BOB', channel: 'general' }, { [SESSION_HEADER]: `${SESSION}-bob` })).json()) as InvestigationResult;
    expect(result.status).toBe('refused');
  });

  it('never widens the caller\'s allowed accounts: a channel narrows them, and none in common is none at all', async () => {
    const ask = async (body: Record<string, unknown>) => (await (await invoke({ prompt: 'how many API calls failed yesterday?', user_id: 'U02BOB', session_id: 'policy-session', ...body })).json()) as InvestigationResult;
    // #oncall allows all three accounts; the caller allows main only.
    expect((await ask({ channel: 'oncall', allowed_accounts: ['111111111111'] })).scope.accounts).toEqual(['111111111111']);
    // #general allows main and dev; the caller allows prod only: nothing in common.
    const none = await ask({ channel: 'general', allowed_accounts: ['333333333333'] });
    expect(none).toMatchObject({ status: 'refused', queries: [] });
    expect(none.answer).toMatch(/may not query any account/);
  });

  it('keeps no session of its own for a caller that keeps it: the follow-up reads the previous turn the caller hands back', async () => {
    const first = (await (await invoke({ prompt: 'How many API calls failed in prod yesterday?', user_id: 'U01ALICE', session_id: 'caller-session' })).json()) as InvestigationResult & { turn?: unknown };
    expect(first).toMatchObject({ status: 'answered', session_id: 'caller-session', turn: { plan: { source: 'cloudtrail' } } });
    const alone = (await (await invoke({ prompt: 'same for dev', user_id: 'U01ALICE', session_id: 'caller-session' })).json()) as InvestigationResult;
    expect(alone.status).not.toBe('answered');
    const followUp = (await (await invoke({ prompt: 'same for dev', user_id: 'U01ALICE', session_id: 'caller-session', previous: first.turn })).json()) as InvestigationResult;
    expect(followUp).toMatchObject({ status: 'answered', scope: { accounts: ['222222222222'] } });
    expect(followUp.answer).toContain('failed in dev');
  });

  it('says what is wrong with a bad invocation', async () => {
    const response = await invoke({ prompt: 42, surprise: true });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/prompt: .*string.*; body: .*surprise/i);
    const policy = await invoke({ prompt: 'x', allowed_accounts: [], previous: { plan: 'garbage' } });
    expect(policy.status).toBe(400);
    const said = ((await policy.json()) as { error: string }).error;
    expect(said).toMatch(/allowed_accounts: must name at least one account/);
    expect(said).toMatch(/previous: must be the turn/);
  });

  it('reports HealthyBusy while an investigation runs', async () => {
    let release!: () => void;
    const busy = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: () => new Promise((resolve) => (release = () => resolve({ result: { status: 'answered' } as InvestigationResult }))) });
    try {
      const pending = fetch(`${busy.url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'x' }) });
      await new Promise((r) => setTimeout(r, 100));
      expect(((await (await fetch(`${busy.url}/ping`)).json()) as { status: string }).status).toBe('HealthyBusy');
      release();
      await (await pending).json();
      expect(((await (await fetch(`${busy.url}/ping`)).json()) as { status: string }).status).toBe('Healthy');
    } finally {
      await busy.close();
    }
  });
});
