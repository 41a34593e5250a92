import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ProgressEvent } from '../../../agents/events.js';
import { investigate, type InvestigationDeps, type InvestigationOutcome, type InvestigationRequest } from '../../../agents/investigate.js';
import { modelEnvSchema } from '../../../agents/models/model-config.js';
import { modelProviderFor } from '../../../agents/models/model-provider.js';
import { HttpAgentClient } from '../../../agents/runtime/http-agent-client.js';
import { startRuntimeServer, type RuntimeServer } from '../../../agents/runtime/runtime-server.js';
import { lakeConfig } from '../../../bot/cli/lake-config.js';
import { invocationAnswerer } from '../../../bot/cli/runtime-command.js';
import { openStandaloneInvestigations, type StandaloneInvestigations } from '../../../bot/investigations/standalone-investigations.js';
import { snapshotApiSources } from '../../../pipeline-infra/api-sources/open-api-sources.js';
import { readEnv, storageEnvSchema } from '../../../pipeline-infra/config/env.js';
import { openQueryRunner, type QueryRunnerHandle } from '../../../pipeline-infra/query/open-query-runner.js';
import { sharedTestLake } from '../../support/test-lake.js';

/** The worker's HTTP client against a real `cia runtime` on an ephemeral port, over a generated lake. */

let dataDir: string;
let investigations: StandaloneInvestigations;
let runtime: RuntimeServer;
let client: HttpAgentClient;
let queries: QueryRunnerHandle;
let inProcess: InvestigationDeps;

beforeAll(async () => {
  const lake = await sharedTestLake();
  dataDir = mkdtempSync(join(tmpdir(), 'cia-agent-client-'));
  const config = lakeConfig(undefined, lake);
  investigations = await openStandaloneInvestigations({ lakeDir: lake, config, storage: readEnv(storageEnvSchema, { CIA_DATA_DIR: dataDir }), sessions: true, warn: () => {} });
  runtime = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: invocationAnswerer(investigations, config) });
  client = new HttpAgentClient({ url: runtime.url, timeoutMs: 60_000 });
  // The agents as the worker runs them without a runtime: investigate() in its own process.
  queries = await openQueryRunner({ lakeDir: lake });
  inProcess = { config, runner: queries.runner, apis: snapshotApiSources(lake), models: await modelProviderFor(readEnv(modelEnvSchema, {})) };
}, 120_000);

afterAll(async () => {
  await runtime.close();
  await investigations.close();
  await queries.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function viaRuntime(request: InvestigationRequest): Promise<{ outcome: InvestigationOutcome; events: ProgressEvent[] }> {
  const events: ProgressEvent[] = [];
  return { outcome: await client.investigate(request, (event) => events.push(event)), events };
}

async function inThisProcess(request: InvestigationRequest): Promise<{ outcome: InvestigationOutcome; events: ProgressEvent[] }> {
  const events: ProgressEvent[] = [];
  return { outcome: await investigate(request, inProcess, (event) => events.push(event)), events };
}

/** Durations differ from run to run; everything else must not. */
const withoutDurations = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v) => (key === 'ms' || key === 'total_ms' ? undefined : v)));

describe('HttpAgentClient against cia runtime', () => {
  const now = new Date();
  const ask = (question: string, extra: Partial<InvestigationRequest> = {}): InvestigationRequest => ({ question, sessionId: 'thread-session-1', now, timeZone: 'Europe/Berlin', actor: 'U01ALICE', ...extra });

  it('answers a question and its follow-up with the progress and the outcome investigate() gives in process', async () => {
    const first = ask('How many API calls failed in prod yesterday?', { investigationId: 'job-1' });
    const remote = await viaRuntime(first);
    const local = await inThisProcess(first);
    expect(remote.outcome.result).toMatchObject({ status: 'answered', session_id: 'thread-session-1', scope: { accounts: ['333333333333'] } });
    expect(remote.events.map((e) => e.type)).toContain('status');
    expect(withoutDurations(remote)).toEqual(withoutDurations(local));

    // The follow-up carries the turn the first answer came back with, as the worker's session store would.
    const followUp = ask('same for dev', { previous: remote.outcome.turn, investigationId: 'job-2' });
    const remoteFollowUp = await viaRuntime(followUp);
    expect(remoteFollowUp.outcome.result).toMatchObject({ status: 'answered', scope: { accounts: ['222222222222'] } });
    expect(remoteFollowUp.outcome.result.answer).toContain('failed in dev');
    expect(withoutDurations(remoteFollowUp)).toEqual(withoutDurations(await inThisProcess(followUp)));
  }, 60_000);

  it('holds the runtime to the caller\'s allowed accounts, a follow-up\'s inherited scope included', async () => {
    const mainOnly = { allowedAccounts: ['111111111111'], sessionId: 'thread-session-2' };
    const implicit = await client.investigate(ask('how many API calls failed yesterday?', mainOnly), () => {});
    expect(implicit.result.scope.accounts).toEqual(['111111111111']);
    expect((await client.investigate(ask('how many API calls failed in prod yesterday?', mainOnly), () => {})).result).toMatchObject({ status: 'refused', queries: [] });

    const inProd = await client.investigate(ask('how many API calls failed in prod yesterday?', { sessionId: 'thread-session-3' }), () => {});
    const inherited = await client.investigate(ask('and the day before?', { ...mainOnly, previous: inProd.turn }), () => {});
    expect(inherited.result).toMatchObject({ status: 'refused', queries: [] });
  }, 60_000);

  it('throws what failed: the runtime failing mid-answer, an HTTP error, no runtime at all, and a runtime that never finishes', async () => {
    const failing = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: () => Promise.reject(new Error('the engine exploded')) });
    const stalled = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: () => new Promise(() => {}) });
    const gone = await startRuntimeServer({ port: 0, host: '127.0.0.1', answer: () => new Promise(() => {}) });
    await gone.close();
    try {
      await expect(new HttpAgentClient({ url: failing.url, timeoutMs: 5_000 }).investigate(ask('how many API calls failed yesterday?'), () => {}))
        .rejects.toThrow('The agent runtime ended its answer without a result: The agent runtime failed: the engine exploded');
      await expect(client.investigate(ask('x'.repeat(20_001)), () => {})).rejects.toThrow(/answered HTTP 400: .*prompt: must be at most 20,000 characters/);
      await expect(new HttpAgentClient({ url: gone.url, timeoutMs: 5_000 }).investigate(ask('q'), () => {})).rejects.toThrow(new RegExp(`The agent runtime at ${gone.url} could not be reached: .*ECONNREFUSED`));
      await expect(new HttpAgentClient({ url: stalled.url, timeoutMs: 300 }).investigate(ask('q'), () => {})).rejects.toThrow('The agent runtime did not finish the investigation within 0.3 s.');
    } finally {
      await failing.close();
      await stalled.close();
    }
  });
});
