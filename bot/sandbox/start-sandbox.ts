import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogLevel } from '@slack/bolt';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { createBotApp } from '../app.js';
import { sandboxEnvSchema, slackEnvSchema } from '../config.js';
import { botDependencies } from '../dependencies.js';
import type { InProcessJobQueue } from '../jobs/job-queue.js';
import { openLocalRuntime, type LocalRuntime } from '../local-runtime.js';
import { httpReceiver, SLACK_EVENTS_PATH } from '../receivers.js';
import { FaultRegistry, withFaults } from './emulator/faults.js';
import type { Workspace } from './emulator/workspace.js';
import { SandboxServer } from './server.js';

export interface RunningSandbox {
  sandboxUrl: string;
  botUrl: string;
  signingSecret: string;
  workspace: Workspace;
  faults: FaultRegistry;
  /** The in-process job queue: `idle()` waits for investigations in flight. */
  jobs: InProcessJobQueue;
  /** The alert side: the poster, the in-process bus, and the simulated stream when on. */
  alerts: LocalRuntime['alerts'];
  records: LocalRuntime['records'];
  close(): Promise<void>;
}

const SANDBOX_BOT = { userId: 'U0CIABOT', botId: 'B0CIABOT', name: 'cia' } as const;

/**
 * Everything on embedded defaults in one process: dynalite, the lake on DuckDB, the agents, the
 * Slack emulator and its page, and the unmodified Bolt app on its own HTTP port, receiving
 * signed requests as from Slack.
 */
export async function startSandbox(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = () => {}): Promise<RunningSandbox> {
  const storage = readEnv(storageEnvSchema, env);
  const slack = readEnv(slackEnvSchema, env);
  const sandboxEnv = readEnv(sandboxEnvSchema, env);
  const signingSecret = slack.SLACK_SIGNING_SECRET ?? randomBytes(16).toString('hex');
  const token = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const faults = new FaultRegistry();

  const journal = join(storage.CIA_DATA_DIR, 'sandbox', 'workspace.jsonl');
  const sandbox = new SandboxServer({ port: sandboxEnv.CIA_SANDBOX_PORT, host: sandboxEnv.CIA_SANDBOX_HOST, bot: { ...SANDBOX_BOT, token }, faults, journal });
  const sandboxUrl = await sandbox.listen();
  let botServer: Server | undefined;
  const runtime = await openLocalRuntime({
    storage, lakeDir: sandboxEnv.CIA_LAKE_DIR, configFile: sandboxEnv.CIA_CONFIG, slack: { token, slackApiUrl: `${sandboxUrl}/api/` },
    wrap: (component, target) => withFaults(component, target, faults), log,
    ...(sandboxEnv.CIA_STREAM === 'on' ? { stream: { speed: sandboxEnv.CIA_STREAM_SPEED } } : {}),
  }).catch(async (error) => {
    await sandbox.close();
    throw error;
  });
  try {
    const receiver = httpReceiver(signingSecret, slack.CIA_LOG_LEVEL as LogLevel);
    const app = createBotApp({ token, signingSecret, botId: SANDBOX_BOT.botId, botUserId: SANDBOX_BOT.userId, slackApiUrl: `${sandboxUrl}/api/`, logLevel: slack.CIA_LOG_LEVEL }, receiver, botDependencies(slack, runtime.wiring));
    botServer = (await app.start(slack.CIA_BOT_PORT)) as Server;
    const botUrl = `http://127.0.0.1:${(botServer.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
    sandbox.attachBot(botUrl, signingSecret);
    if (runtime.alerts.simulator) sandbox.attachStream(runtime.alerts.simulator);
    return {
      sandboxUrl, botUrl, signingSecret, workspace: sandbox.workspace, faults, jobs: runtime.queue, alerts: runtime.alerts, records: runtime.records,
      close: async () => {
        await app.stop();
        await runtime.close();
        await sandbox.close();
      },
    };
  } catch (error) {
    botServer?.close();
    await runtime.close();
    await sandbox.close();
    throw error;
  }
}
