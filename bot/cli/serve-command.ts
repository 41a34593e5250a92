import { Command } from 'commander';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { requireSlackCredentials, sandboxEnvSchema, slackEnvSchema } from '../config.js';
import { botDependencies } from '../dependencies.js';

/** `cia serve`: the bot against a real Slack workspace, from a long-running process. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the bot for a real Slack workspace: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on CIA_BOT_PORT at /slack/events')
    .action(async () => {
      const credentials = requireSlackCredentials();
      const slack = readEnv(slackEnvSchema);
      const local = readEnv(sandboxEnvSchema);
      const { createBotApp } = await import('../app.js');
      const { longRunningReceiver } = await import('../receivers.js');
      const { openLocalRuntime } = await import('../local-runtime.js');
      const runtime = await openLocalRuntime({
        storage: readEnv(storageEnvSchema), lakeDir: local.CIA_LAKE_DIR, configFile: local.CIA_CONFIG,
        slack: { token: credentials.token, ...(credentials.slackApiUrl ? { slackApiUrl: credentials.slackApiUrl } : {}) }, log: console.log,
      });
      const app = createBotApp(credentials, longRunningReceiver(credentials), botDependencies(slack, runtime.wiring));
      await app.start(slack.CIA_BOT_PORT);
      console.log(credentials.appToken ? 'cia is connected to Slack over Socket Mode' : `cia is listening on port ${slack.CIA_BOT_PORT} at /slack/events`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await app.stop();
      await runtime.close();
    });
}
