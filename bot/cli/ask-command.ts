import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { readEnv, storageEnvSchema, type StorageEnv } from '../../pipeline-infra/config/env.js';
import { loadOrgConfig, type OrgConfig } from '../../pipeline-infra/config/org-config.js';
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
    .option('--json', 'print one JSON object (status, answer, scope, queries, rows, timings, tokens)')
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
      const lakeDir = resolve(options.lake ?? join(storage.CIA_DATA_DIR, 'lake'));
      if (!existsSync(lakeDir)) command.error(`error: no data lake at ${lakeDir}. Run \`cia lake generate --lake ${lakeDir}\` or \`cia lake import …\` first, or pass --lake.`, { exitCode: 2 });
      const config = loadConfig(options.config, lakeDir);
      const allowedAccounts = channelPolicy(config, options.channel, command);
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
  // Loaded on use, one after another (concurrent dynamic imports trip jest's ESM loader).
  const { investigate } = await import('../../agents/investigate.js');
  const { openQueryRunner } = await import('../../pipeline-infra/query/open-query-runner.js');
  const { modelProviderFor } = await import('../../agents/models/model-provider.js');
  const { modelEnvSchema } = await import('../../agents/models/model-config.js');
  const { openStorage } = await import('../storage/open-storage.js');
  const { apiEnvSchema, openApiSources } = await import('../../pipeline-infra/api-sources/open-api-sources.js');
  const { sessionKeys, sessionTitle } = await import('../sessions/session-store.js');
  const { memoryEnvSchema, openMemoryStore } = await import('../../agents/memory/open-memory-store.js');
  const remember = Boolean(options.session) && !options.clean;
  const [queries, store] = await Promise.all([openQueryRunner({ lakeDir: input.lakeDir }), remember ? openStorage(input.storage, { embedded: true }) : undefined]);
  try {
    const key = options.session ? sessionKeys.cli(options.user, options.session) : undefined;
    const session = store && key ? await store.sessions.open({ key, user_id: options.user, title: sessionTitle(input.question) }, { fresh: options.new }) : undefined;
    const previous = session?.last_turn ? JSON.parse(session.last_turn) : undefined;
    const memory = options.clean ? undefined : await openMemoryStore({ ...readEnv(memoryEnvSchema), CIA_DATA_DIR: input.storage.CIA_DATA_DIR });
    const { result, turn } = await investigate(
      {
        question: input.question, sessionId: session?.session_id ?? randomUUID(), now: options.now ?? new Date(), timeZone: options.tz, allowedAccounts: input.allowedAccounts, previous,
        actor: options.user, clean: options.clean,
      },
      {
        config: input.config, runner: queries.runner, apis: await openApiSources({ env: readEnv(apiEnvSchema), lakeDir: input.lakeDir, config: input.config }),
        models: await modelProviderFor(readEnv(modelEnvSchema)), memory, log: { info: () => {}, warn: (line: string) => process.stderr.write(`${line}\n`) },
      },
      onProgress,
    );
    if (store && key) await store.sessions.recordQuestion(key, turn ? JSON.stringify(turn) : session?.last_turn);
    return result;
  } finally {
    await Promise.all([queries.close(), store?.close()]);
  }
}

/** --config, else the configuration a generated lake carries, else no accounts. */
function loadConfig(file: string | undefined, lakeDir: string): OrgConfig {
  const beside = join(lakeDir, 'cia.config.yaml');
  return loadOrgConfig(file ?? (existsSync(beside) ? beside : undefined));
}

function channelPolicy(config: OrgConfig, channel: string | undefined, command: Command): string[] | undefined {
  if (!channel) return undefined;
  const policy = config.channels[channel.replace(/^#/, '')];
  if (!policy) return undefined;
  const ids = policy.accounts.map((alias) => config.accounts.find((a) => a.alias === alias)?.id);
  if (ids.some((id) => !id)) command.error(`error: channel ${channel} names unknown accounts`, { exitCode: 2 });
  return ids as string[];
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

