/** An interactive element as it appears in a message's blocks. */
export interface ActionElement {
  type: string;
  action_id: string;
  text?: unknown;
  value?: string;
  style?: string;
  confirm?: unknown;
}

/**
 * Finds the element with this action_id anywhere in a message's blocks (actions elements,
 * accessories, nested containers), with the block_id of the top-level block holding it.
 * Shared by the emulator (to build block_actions payloads) and the page (to send clicks).
 */
export function findActionElement(blocks: unknown[], actionId: string): { element: ActionElement; blockId?: string } | undefined {
  for (const block of blocks) {
    const element = findIn(block, actionId);
    if (element) return { element, blockId: (block as { block_id?: string }).block_id };
  }
  return undefined;
}

function findIn(node: unknown, actionId: string): ActionElement | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if ((node as { action_id?: unknown }).action_id === actionId) return node as ActionElement;
  for (const child of Array.isArray(node) ? node : Object.values(node)) {
    const found = findIn(child, actionId);
    if (found) return found;
  }
  return undefined;
}
