import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { channelAccounts, type OrgConfig } from '../../pipeline-infra/config/org-config.js';
import type { AnswerInvocation } from '../../agents/runtime/runtime-server.js';
import type { StandaloneInvestigations } from '../investigations/standalone-investigations.js';
import { isValidTimeZone } from '../../agents/planner/zoned-time.js';
import { lakeConfig, lakeDirOf } from './lake-config.js';
import { wholeNumber } from './number-option.js';

interface RuntimeOptions {
  port: number;
  lake?: string;
  config?: string;
}

/** Who asks when an invocation names no user: AgentCore passes no identity of its own. */
const ANONYMOUS = 'agentcore-invoker';

/** An invocation as a question: its user, session (the runtime-session-id header), clock, zone and channel policy. */
export function invocationAnswerer(investigations: StandaloneInvestigations, config: OrgConfig): AnswerInvocation {
  return (invocation, onProgress) => {
    const user = invocation.user_id ?? ANONYMOUS;
    const timeZone = invocation.tz && isValidTimeZone(invocation.tz) ? invocation.tz : 'UTC';
    return investigations.ask(
      {
        question: invocation.prompt, user, timeZone, clean: invocation.clean,
        ...(invocation.sessionId ? { sessionKey: `runtime#${user}#${invocation.sessionId}` } : {}),
        ...(invocation.now ? { now: new Date(invocation.now) } : {}),
        ...(invocation.channel ? { allowedAccounts: channelAccounts(config, invocation.channel) } : {}),
      },
      onProgress,
    );
  };
}

/**
 * `cia runtime [--port 8080] [--lake DIR] [--config FILE]` (DESIGN §6.1): the agents on the
 * AgentCore Runtime contract, as the ARM64 container runs them. A session (the runtime-session-id
 * header) keeps its follow-ups' context; `channel` applies that channel's policy.
 */
export function runtimeCommand(): Command {
  return new Command('runtime')
    .description('serve the agents on the AgentCore Runtime contract: GET /ping, POST /invocations (JSON, or SSE with Accept: text/event-stream)')
    .option('--port <n>', 'the port to listen on', wholeNumber('--port', 0), 8080)
    .option('--lake <dir>', 'the data lake folder (default: CIA_DATA_DIR/lake)')
    .option('--config <file>', 'configuration file: accounts and channel policies (YAML or JSON)')
    .action(async (options: RuntimeOptions, command: Command) => {
      const storage = readEnv(storageEnvSchema);
      const lakeDir = lakeDirOf(options.lake, storage);
      if (!existsSync(lakeDir)) command.error(`error: no data lake at ${lakeDir}. Run \`cia lake generate --lake ${lakeDir}\` first, or pass --lake.`, { exitCode: 2 });
      const config = lakeConfig(options.config, lakeDir);
      const [{ openStandaloneInvestigations }, { startRuntimeServer }] = [await import('../investigations/standalone-investigations.js'), await import('../../agents/runtime/runtime-server.js')];
      const investigations = await openStandaloneInvestigations({ lakeDir, config, storage, sessions: true, warn: (line) => console.error(line) });
      const server = await startRuntimeServer({ port: options.port, answer: invocationAnswerer(investigations, config) });
      console.log(`cia runtime listening on ${server.url} (GET /ping, POST /invocations)`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      await investigations.close();
    });
}
