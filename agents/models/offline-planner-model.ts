import type { Message, ModelStreamEvent, StreamOptions } from '@strands-agents/sdk';
import { LocalModel } from './local-model.js';
import { composeAnswer } from '../answer/compose-answer.js';
import type { Plan } from '../planner/plan.js';
import { streamTurn, toolResults, type ModelTurn } from './model-turn.js';
import { subAgentToolName } from '../subagents/lake-subagent.js';
import { queryToolName } from '../tools/query-tool.js';
import type { QueryToolResult } from '../tools/query-tool.js';
import type { SubAgentResult } from '../subagents/lake-subagent.js';

/** "The last N events" widens the window a month at a time, up to six months back. */
const MAX_WIDENINGS = 6;

/**
 * The embedded default model, and the zero-token fast path: it enacts a plan made by the
 * deterministic planner through the same agents, tools and hooks a Bedrock model would use.
 * As supervisor it hands the question to the plan's sub-agent and then summarizes the rows;
 * as a sub-agent it calls the query tool with the plan's QuerySpec.
 */
export class OfflinePlannerModel extends LocalModel {
  constructor(
    private readonly plan: Plan,
    private readonly role: 'supervisor' | 'subagent',
  ) {
    super('cia-offline-planner');
  }

  async *stream(messages: Message[], _options?: StreamOptions): AsyncIterable<ModelStreamEvent> {
    yield* streamTurn(this.role === 'supervisor' ? this.supervisorTurn(messages) : this.subAgentTurn(messages));
  }

  private supervisorTurn(messages: Message[]): ModelTurn {
    const results = toolResults(messages) as SubAgentResult[];
    const last = results.at(-1);
    if (!last) return { toolUse: { name: subAgentToolName(this.plan.source), input: { task: this.plan.question } } };
    if (last.error) return { text: last.error };
    return { text: composeAnswer(this.plan, last.rows, { capped: last.capped }).answer };
  }

  private subAgentTurn(messages: Message[]): ModelTurn {
    const results = toolResults(messages) as QueryToolResult[];
    const last = results.at(-1);
    const spec = this.plan.spec;
    if (!last) return { toolUse: { name: queryToolName(spec.table), input: spec } };
    const wanted = this.plan.widenForLastN;
    if (wanted && last.status === 'ok' && last.rows.length < wanted && results.length <= MAX_WIDENINGS) {
      const from = new Date(spec.time.from);
      from.setUTCMonth(from.getUTCMonth() - results.length);
      return { toolUse: { name: queryToolName(spec.table), input: { ...spec, time: { ...spec.time, from: from.toISOString() } } } };
    }
    return { text: last.status === 'ok' ? `${last.rows.length} rows` : last.reason };
  }
}
