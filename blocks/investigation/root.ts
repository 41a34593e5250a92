import type { KnownBlock } from '@slack/types';
import { context, escapeWithin, section } from '../builders.js';
import { SLACK_LIMITS } from '../limits.js';

export interface RootMessageInput {
  userId: string;
  question: string;
  flags: string[];
}

/** Notifications show a line or two; the rest is in the blocks. */
const FALLBACK_QUESTION_LENGTH = 300;
const MAX_FLAGS = 10;
const FLAG_LENGTH = 40;

/** The thread root in the channel: who asked what. Everything else of the investigation goes in its thread. */
export function rootMessage({ userId, question, flags }: RootMessageInput): { text: string; blocks: KnownBlock[] } {
  // A question on one line keeps the bold span intact.
  const oneLine = question.replace(/\s+/g, ' ').trim() || '(no question)';
  const asker = `<@${escapeWithin(userId, 100)}>`;
  const prefix = `:mag: ${asker} asked: *`;
  const blocks: KnownBlock[] = [section(`${prefix}${escapeWithin(oneLine, SLACK_LIMITS.sectionText - prefix.length - 1)}*`)];
  if (flags.length > 0) blocks.push(context([`Options: ${flags.slice(0, MAX_FLAGS).map((flag) => `\`${escapeWithin(flag, FLAG_LENGTH)}\``).join(' ')}`]));
  return { text: `${asker} asked: ${escapeWithin(oneLine, FALLBACK_QUESTION_LENGTH)}`, blocks };
}
