import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { z } from 'zod';
import { readEnv, storageEnvSchema } from '../../pipeline-infra/config/env.js';
import { channelAccounts, type OrgConfig } from '../../pipeline-infra/config/org-config.js';
import type { AnswerInvocation } from '../../agents/runtime/runtime-server.js';
import type { StandaloneInvestigations } from '../investigations/standalone-investigations.js';
import { isValidTimeZone } from '../../agents/planner/zoned-time.js';
import { lambdaEnvSchema, queryRunnerOptions } from '../config.js';
import { secretValues } from '../logging/redact-secrets.js';
import { exportAgentSpans } from '../observability/agent-spans.js';
import { toldAnswers } from '../observability/investigation-log.js';
import { lakeConfig, lakeDirOf } from './lake-config.js';
import { wholeNumber } from './number-option.js';

interface RuntimeOptions {
  port: number;
  lake?: string;
  config?: string;
}

/** Who asks when an invocation names no user: AgentCore passes no identity of its own. */
const ANONYMOUS = 'agentcore-invoker';

/** Where the runtime queries: the local lake, or Athena (the AgentCore container), with the Lambda functions' Athena settings. */
const runtimeEnvSchema = lambdaEnvSchema
  .pick({ CIA_ATHENA_WORKGROUP: true, CIA_ATHENA_OUTPUT: true, CIA_CONFIG: true })
  .extend({ CIA_QUERY_ENGINE: z.enum(['duckdb', 'athena'], { error: 'must be duckdb or athena' }).default('duckdb') });

/**
 * An invocation as a question: its user, clock, zone and account policy, and its session: the
 * caller's own (`session_id` and `previous`, as the Slack worker sends) or, without one, the
 * runtime's, keyed by the runtime-session-id header.
 */
export function invocationAnswerer(investigations: StandaloneInvestigations, config: OrgConfig): AnswerInvocation {
  return (invocation, onProgress) => {
    const user = invocation.user_id ?? ANONYMOUS;
    const timeZone = invocation.tz && isValidTimeZone(invocation.tz) ? invocation.tz : 'UTC';
    const session = invocation.session_id
      ? { callerSession: { id: invocation.session_id, previous: invocation.previous } }
      : invocation.sessionId ? { sessionKey: `runtime#${user}#${invocation.sessionId}` } : {};
    return investigations.ask(
      {
        question: invocation.prompt, user, timeZone, clean: invocation.clean, investigationId: invocation.investigation_id, ...session,
        ...(invocation.now ? { now: new Date(invocation.now) } : {}),
        allowedAccounts: withinBoth(invocation.channel ? channelAccounts(config, invocation.channel) : undefined, invocation.allowed_accounts),
      },
      onProgress,
    );
  };
}

/** Accounts both policies allow (undefined: no limit). Never wider than either: none in common is none at all. */
function withinBoth(channel: string[] | undefined, caller: string[] | undefined): string[] | undefined {
  if (!channel || !caller) return channel ?? caller;
  return channel.filter((id) => caller.includes(id));
}

/**
 * `cia runtime [--port 8080] [--lake DIR] [--config FILE]` (DESIGN §6.1): the agents on the
 * AgentCore Runtime contract, as the ARM64 container runs them (there over Athena, with
 * CIA_QUERY_ENGINE=athena). A session keeps its follow-ups' context; `channel` and
 * `allowed_accounts` limit the accounts.
 */
export function runtimeCommand(): Command {
  return new Command('runtime')
    .description('serve the agents on the AgentCore Runtime contract: GET /ping, POST /invocations (JSON, or SSE with Accept: text/event-stream)')
    .option('--port <n>', 'the port to listen on', wholeNumber('--port', 0), 8080)
    .option('--lake <dir>', 'the data lake folder (default: CIA_DATA_DIR/lake)')
    .option('--config <file>', 'configuration file: accounts and channel policies (YAML or JSON; default: CIA_CONFIG)')
    .action(async (options: RuntimeOptions, command: Command) => {
      const storage = readEnv(storageEnvSchema);
      const env = readEnv(runtimeEnvSchema);
      const lakeDir = lakeDirOf(options.lake, storage);
      if (env.CIA_QUERY_ENGINE === 'duckdb' && !existsSync(lakeDir)) command.error(`error: no data lake at ${lakeDir}. Run \`cia lake generate --lake ${lakeDir}\` first, or pass --lake.`, { exitCode: 2 });
      const config = lakeConfig(options.config ?? env.CIA_CONFIG, lakeDir);
      const queries = queryRunnerOptions(env, lakeDir);
      const [{ openStandaloneInvestigations }, { startRuntimeServer }] = [await import('../investigations/standalone-investigations.js'), await import('../../agents/runtime/runtime-server.js')];
      // Before any agent is made: the agents' OpenTelemetry spans, where OTEL_EXPORTER_OTLP_ENDPOINT is set.
      const spans = await exportAgentSpans(process.env, (line) => console.error(line));
      if (spans.mode !== 'off') console.error(`[cia:otel] the agents' spans are exported (${spans.mode === 'distro' ? 'by the OpenTelemetry distribution' : 'over OTLP'})`);
      const investigations = await openStandaloneInvestigations({ lakeDir, queries, config, storage, sessions: true, warn: (line) => console.error(line) });
      const server = await startRuntimeServer({ port: options.port, answer: toldAnswers(invocationAnswerer(investigations, config), secretValues(process.env)) });
      console.log(`cia runtime listening on ${server.url} (GET /ping, POST /invocations)`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      await investigations.close();
    });
}
