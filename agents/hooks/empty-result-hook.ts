import { AfterToolCallEvent, JsonBlock, ToolResultBlock, type JSONValue, type LocalAgent, type Plugin } from '@strands-agents/sdk';
import type { ApiToolResult } from '../tools/api-tool.js';
import type { QueryToolResult } from '../tools/query-tool.js';
import { jsonResult } from './tool-result.js';
import { dataToolTarget } from '../tools/data-tools.js';

/** Tells the model plainly that an empty result is the answer, so it neither guesses nor widens on its own. */
export class EmptyResultHook implements Plugin {
  readonly name = 'cia-empty-result';

  initAgent(agent: LocalAgent): void {
    agent.addHook(AfterToolCallEvent, (event) => {
      if (!dataToolTarget(event.toolUse.name)) return;
      const result = jsonResult<QueryToolResult | ApiToolResult>(event.result);
      if (result?.status !== 'ok' || result.row_count > 0) return;
      const note = 'The query ran and matched nothing in this scope. Answer that nothing was found for exactly this scope; do not guess or widen the scope unless asked.';
      event.result = new ToolResultBlock({ toolUseId: event.result.toolUseId, status: 'success', content: [new JsonBlock({ json: { ...result, note } as unknown as JSONValue })] });
    });
  }
}
