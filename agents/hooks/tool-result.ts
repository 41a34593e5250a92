import type { ToolResultBlock } from '@strands-agents/sdk';

/** The JSON a tool returned, when it returned JSON. */
export function jsonResult<T>(result: ToolResultBlock): T | undefined {
  const content = result.content.find((c) => c.type === 'jsonBlock');
  return content && content.type === 'jsonBlock' ? (content.json as unknown as T) : undefined;
}
