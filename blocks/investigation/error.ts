import type { KnownBlock } from '@slack/types';
import { ACTION_IDS } from '../action-ids.js';
import { actions, button, context, escapeWithin, section } from '../builders.js';

export interface ErrorMessageInput {
  reason: string;
  investigationId: string;
}

const REASON_LENGTH = 2_000;
const FALLBACK_REASON_LENGTH = 300;

/** The terminal message of an investigation that failed: every investigation ends in one, with a way to try again. */
export function errorMessage({ reason, investigationId }: ErrorMessageInput): { text: string; blocks: KnownBlock[] } {
  const said = reason.trim() || 'no reason given';
  return {
    text: `The investigation failed: ${escapeWithin(said, FALLBACK_REASON_LENGTH)}`,
    blocks: [
      section(`:x: The investigation failed: ${escapeWithin(said, REASON_LENGTH)}`),
      actions([button('Retry', ACTION_IDS.retry, { value: investigationId, style: 'primary' })]),
      context(['Retry runs the same question again. If it keeps failing, `/cia health` shows which part is down.']),
    ],
  };
}
