import type { KnownBlock } from '@slack/types';
import { context } from './builders.js';

const THANKS = {
  up: ':+1: Thanks! Glad it helped.',
  down: ':pray: Thanks, noted. Reply in the thread with what was off and cia will take another look.',
} as const;

/** The ephemeral thank-you for a 👍 or 👎 on an answer. */
export function feedbackAck(kind: 'up' | 'down'): { text: string; blocks: KnownBlock[] } {
  return { text: THANKS[kind], blocks: [context([THANKS[kind]])] };
}
