import type { KnownBlock } from '@slack/types';
import { ACTION_IDS } from './action-ids.js';
import { actions, button, context, divider, fields, header, section } from './builders.js';
import { escapeMrkdwn } from './text.js';

export interface HelpContent {
  command: string;
  botName: string;
  subcommands: readonly { usage: string; description: string }[];
  flags: readonly { flag: string; description: string }[];
  examples: readonly string[];
  /** Shown first, e.g. why help is shown instead of an answer. */
  notice?: string;
}

/** The `/cia help` message. */
export function helpBlocks(content: HelpContent): { text: string; blocks: KnownBlock[] } {
  const { command, botName } = content;
  const blocks: KnownBlock[] = [];
  if (content.notice) blocks.push(section(`:warning: ${escapeMrkdwn(content.notice)}`));
  blocks.push(
    header(`${botName}: investigate your AWS organization from Slack`),
    section(
      `Ask a question in plain words and ${botName} answers in a thread, with the evidence rows and exactly what it ran.\n` +
        `• \`${command} <question>\` starts an investigation in a new thread.\n` +
        `• \`@${botName} <question>\` in a channel does the same.\n` +
        `• Reply in the thread to follow up: "and what about yesterday?", "only in dev".`,
    ),
    section(`*Try:*\n${content.examples.map((q) => `• \`${command} ${escapeMrkdwn(q)}\``).join('\n')}`),
    divider(),
    fields(content.subcommands.map((s) => [`${command} ${s.usage}`, s.description])),
    section(`*Options* (anywhere in the question)\n${content.flags.map((f) => `• \`${f.flag}\` ${f.description}`).join('\n')}`),
    context([`${botName} only reads: it never changes your accounts. Times are shown in your Slack time zone.`]),
    actions([button('Check health', ACTION_IDS.checkHealth)]),
  );
  return { text: `${botName} help: ${command} <question> starts an investigation in a thread.`, blocks };
}
