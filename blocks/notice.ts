import type { KnownBlock } from '@slack/types';
import { context, section } from './builders.js';
import { escapeMrkdwn } from './text.js';

/** A short message that explains why nothing else happened. */
export function noticeBlocks(title: string, detail: string): { text: string; blocks: KnownBlock[] } {
  return { text: `${title}. ${detail}`, blocks: [section(`:information_source: *${title}*`), context([escapeMrkdwn(detail)])] };
}
