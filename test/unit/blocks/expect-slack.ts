import type { AnyBlock, KnownBlock } from '@slack/types';
import { SLACK_LIMITS } from '../../../blocks/limits.js';
import { validateBlocks, type Surface } from '../../../bot/sandbox/emulator/block-kit-validator.js';

/** Asserts what Slack would accept: the sandbox validator's verdict, a fallback text and at most one table. */
export function expectAccepted(message: { text?: string; blocks: AnyBlock[] }, surface: Surface = 'message'): void {
  expect(validateBlocks(message.blocks, surface)).toEqual({ ok: true });
  if (surface === 'message') {
    expect(message.text?.length).toBeGreaterThan(0);
    expect(message.text!.length).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    expect(tables(message.blocks)).toBeLessThanOrEqual(1);
  }
  // Slack hands button values back on every click: an id, never a payload.
  for (const button of buttonsOf(message.blocks as KnownBlock[])) expect(button.value?.length ?? 0).toBeLessThanOrEqual(SMALL_VALUE);
}

const SMALL_VALUE = 100;

export const tables = (blocks: AnyBlock[]) => blocks.filter((block) => block.type === 'table').length;

/** Every button anywhere in the blocks. */
export function buttonsOf(blocks: KnownBlock[]): { action_id?: string; value?: string; text: { text: string } }[] {
  return blocks.flatMap((block) => {
    if (block.type === 'actions') return block.elements.filter((element) => element.type === 'button');
    if (block.type === 'section' && block.accessory?.type === 'button') return [block.accessory];
    return [];
  });
}

/** All the text a person sees, for content checks. */
export const visibleText = (blocks: AnyBlock[]) => JSON.stringify(blocks);
