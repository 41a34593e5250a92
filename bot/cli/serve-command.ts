import { Command } from 'commander';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { requireSlackCredentials, slackEnvSchema } from '../config.js';
import { botDependencies } from '../dependencies.js';

/** `cia serve`: the bot against a real Slack workspace, from a long-running process. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('run the bot for a real Slack workspace: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on CIA_BOT_PORT at /slack/events')
    .action(async () => {
      const credentials = requireSlackCredentials();
      const slack = readEnv(slackEnvSchema);
      const [{ createBotApp }, { longRunningReceiver }, { openSessionStore }] = await Promise.all([
        import('../app.js'),
        import('../receivers.js'),
        import('../sessions/open-session-store.js'),
      ]);
      const store = await openSessionStore(readEnv(storageEnvSchema), { embedded: true });
      const app = createBotApp(credentials, longRunningReceiver(credentials), botDependencies(slack, store.sessions));
      await app.start(slack.CIA_BOT_PORT);
      console.log(credentials.appToken ? 'cia is connected to Slack over Socket Mode' : `cia is listening on port ${slack.CIA_BOT_PORT} at /slack/events`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await app.stop();
      await store.close();
    });
}
