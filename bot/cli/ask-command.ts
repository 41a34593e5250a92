import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { readEnv, storageEnvSchema, type StorageEnv } from '../../pipeline-infra/config/env.js';
import { channelAccounts, type OrgConfig } from '../../pipeline-infra/config/org-config.js';
import { lakeConfig, lakeDirOf } from './lake-config.js';
import { isValidTimeZone } from '../../agents/planner/zoned-time.js';
import type { ProgressEvent } from '../../agents/events.js';
import type { InvestigationResult } from '../../agents/result.js';
import { renderAnswerForTerminal } from './render-answer.js';

interface AskOptions {
  json?: boolean;
  lake?: string;
  config?: string;
  now?: Date;
  tz: string;
  session?: string;
  new?: boolean;
  clean?: boolean;
  user: string;
  channel?: string;
}

/** `cia ask "<question>"` (DESIGN §6.1): the same investigation as in Slack, in a terminal. */
export function askCommand(): Command {
  return new Command('ask')
    .description('ask a question; prints progress and the answer, or one JSON object with --json')
    .argument('<question...>', 'the question, in plain words')
    .option('--json', 'print one JSON object (status, answer, scope, queries, rows, timings, tokens, model, cost_usd)')
    .option('--lake <dir>', 'the data lake folder (default: CIA_DATA_DIR/lake)')
    .option('--config <file>', 'configuration file: accounts and channel policies (YAML or JSON)')
    .option('--now <iso>', 'the clock, as ISO-8601 ("today" is this day in --tz)', parseInstant)
    .option('--tz <zone>', 'the asker\'s IANA time zone', parseZone, 'UTC')
    .option('--session <name>', 'continue this named session (created if absent)')
    .option('--new', 'start the session afresh')
    .option('--clean', 'use and keep no memory for this question')
    .option('--user <id>', 'who is asking (memory and sessions are per user)', 'cli-user')
    .option('--channel <name>', 'apply this channel\'s account policy from the configuration')
    .action(async (words: string[], options: AskOptions, command: Command) => {
      const storage = readEnv(storageEnvSchema);
      const lakeDir = lakeDirOf(options.lake, storage);
      if (!existsSync(lakeDir)) command.error(`error: no data lake at ${lakeDir}. Run \`cia lake generate --lake ${lakeDir}\` or \`cia lake import …\` first, or pass --lake.`, { exitCode: 2 });
      const config = lakeConfig(options.config, lakeDir);
      const allowedAccounts = options.channel ? channelAccounts(config, options.channel) : undefined;
      const onProgress = options.json ? () => {} : (event: ProgressEvent) => process.stderr.write(`${progressLine(event)}\n`);
      const result = await askQuestion({ question: words.join(' '), lakeDir, config, allowedAccounts, options, storage }, onProgress);
      process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${renderAnswerForTerminal(result)}\n`);
    });
}

async function askQuestion(
  input: { question: string; lakeDir: string; config: OrgConfig; allowedAccounts?: string[]; options: AskOptions; storage: StorageEnv },
  onProgress: (event: ProgressEvent) => void,
): Promise<InvestigationResult> {
  const { options } = input;
  const { openStandaloneInvestigations } = await import('../investigations/standalone-investigations.js');
  const { sessionKeys } = await import('../sessions/session-store.js');
  // Sessions are opened only for a named one: a one-off question touches no session store.
  const investigations = await openStandaloneInvestigations({
    lakeDir: input.lakeDir, config: input.config, storage: input.storage, sessions: Boolean(options.session) && !options.clean, warn: (line) => process.stderr.write(`${line}\n`),
  });
  try {
    const { result } = await investigations.ask(
      {
        question: input.question, user: options.user, ...(options.session && !options.clean ? { sessionKey: sessionKeys.cli(options.user, options.session) } : {}),
        fresh: options.new, clean: options.clean, now: options.now, timeZone: options.tz, allowedAccounts: input.allowedAccounts,
      },
      onProgress,
    );
    return result;
  } finally {
    await investigations.close();
  }
}

function progressLine(event: ProgressEvent): string {
  const marks = { status: '•', guard: '⚑', tokens: '∑', error: '✗' } as const;
  return `${marks[event.type]} ${event.message}`;
}

function parseInstant(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO-8601 time such as 2023-07-10T13:00:00Z');
  return date;
}

function parseZone(value: string): string {
  if (!isValidTimeZone(value)) throw new InvalidArgumentError('expected an IANA time zone such as Europe/Berlin or UTC');
  return value;
}

