import type { Message, ModelStreamEvent, StreamOptions } from '@strands-agents/sdk';
import { guardDutyApiKeeps } from '../../pipeline-infra/api-sources/services/guardduty.js';
import { LocalModel } from './local-model.js';
import { composeAnswer } from '../answer/compose-answer.js';
import type { Plan } from '../planner/plan.js';
import { streamTurn, toolResults, type ModelTurn } from './model-turn.js';
import { subAgentToolName, type SubAgentResult } from '../subagents/specialist.js';
import { apiToolName, type ApiToolResult } from '../tools/api-tool.js';
import { queryToolName, type QueryToolResult } from '../tools/query-tool.js';

/** "The last N events" widens the window a month at a time, up to six months back. */
const MAX_WIDENINGS = 6;

/**
 * The embedded default model, and the zero-token fast path: it enacts a plan made by the
 * deterministic planner through the same agents, tools and hooks a Bedrock model would use.
 * As supervisor it hands the question to the plan's sub-agent and then summarizes the rows;
 * as a sub-agent it calls the query tool with the plan's QuerySpec, or the API tool with its request.
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
    const results = toolResults(messages) as (QueryToolResult | ApiToolResult)[];
    const last = results.at(-1);
    const plan = this.plan;
    if (plan.kind === 'api') {
      if (last) return { text: last.status === 'ok' ? `${last.rows.length} rows` : last.reason };
      // GuardDuty's sub-agent decides by the time range: the API keeps 90 days, the lake everything.
      const history = plan.spec && plan.request.service === 'guardduty' && !guardDutyApiKeeps(plan.request.from, new Date(plan.asOf)) ? plan.spec : undefined;
      return { toolUse: history ? { name: queryToolName(history.table), input: history } : { name: apiToolName(plan.source), input: plan.request } };
    }
    const spec = plan.spec;
    if (!last) return { toolUse: { name: queryToolName(spec.table), input: spec } };
    const wanted = plan.widenForLastN;
    if (wanted && last.status === 'ok' && last.rows.length < wanted && results.length <= MAX_WIDENINGS) {
      const from = new Date(spec.time.from);
      from.setUTCMonth(from.getUTCMonth() - results.length);
      return { toolUse: { name: queryToolName(spec.table), input: { ...spec, time: { ...spec.time, from: from.toISOString() } } } };
    }
    return { text: last.status === 'ok' ? `${last.rows.length} rows` : last.reason };
  }
}
