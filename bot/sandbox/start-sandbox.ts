import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogLevel } from '@slack/bolt';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { createBotApp } from '../app.js';
import { sandboxEnvSchema, slackEnvSchema } from '../config.js';
import { botDependencies } from '../dependencies.js';
import { httpReceiver, SLACK_EVENTS_PATH } from '../receivers.js';
import { openSessionStore } from '../sessions/open-session-store.js';
import { FaultRegistry, withFaults } from './emulator/faults.js';
import type { Workspace } from './emulator/workspace.js';
import { SandboxServer } from './server.js';

export interface RunningSandbox {
  sandboxUrl: string;
  botUrl: string;
  signingSecret: string;
  workspace: Workspace;
  faults: FaultRegistry;
  close(): Promise<void>;
}

const SANDBOX_BOT = { userId: 'U0CIABOT', botId: 'B0CIABOT', name: 'cia' } as const;

/**
 * Everything on embedded defaults in one process: dynalite, the Slack emulator and its page,
 * and the unmodified Bolt app on its own HTTP port, receiving signed requests like from Slack.
 */
export async function startSandbox(env: NodeJS.ProcessEnv = process.env, options: { inMemory?: boolean } = {}): Promise<RunningSandbox> {
  const storage = readEnv(storageEnvSchema, env);
  const slack = readEnv(slackEnvSchema, env);
  const sandboxEnv = readEnv(sandboxEnvSchema, env);
  const signingSecret = slack.SLACK_SIGNING_SECRET ?? randomBytes(16).toString('hex');
  const token = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const faults = new FaultRegistry();

  const store = await openSessionStore(storage, { embedded: true, inMemory: options.inMemory });
  const sandbox = new SandboxServer({ port: sandboxEnv.CIA_SANDBOX_PORT, host: sandboxEnv.CIA_SANDBOX_HOST, bot: { ...SANDBOX_BOT, token }, faults });
  let botServer: Server | undefined;
  try {
    const sandboxUrl = await sandbox.listen();
    const sessions = withFaults(store.sessions, 'session_store', faults);
    const receiver = httpReceiver(signingSecret, slack.CIA_LOG_LEVEL as LogLevel);
    const app = createBotApp({ token, signingSecret, botId: SANDBOX_BOT.botId, botUserId: SANDBOX_BOT.userId, slackApiUrl: `${sandboxUrl}/api/`, logLevel: slack.CIA_LOG_LEVEL }, receiver, botDependencies(slack, sessions));
    botServer = (await app.start(slack.CIA_BOT_PORT)) as Server;
    const botUrl = `http://127.0.0.1:${(botServer.address() as AddressInfo).port}${SLACK_EVENTS_PATH}`;
    sandbox.attachBot(botUrl, signingSecret);
    return {
      sandboxUrl,
      botUrl,
      signingSecret,
      workspace: sandbox.workspace,
      faults,
      close: async () => {
        await app.stop();
        await sandbox.close();
        await store.close();
      },
    };
  } catch (error) {
    botServer?.close();
    await sandbox.close();
    await store.close();
    throw error;
  }
}
