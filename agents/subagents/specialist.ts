import { AfterToolCallEvent, Agent, tool, type Model, type Plugin, type Tool } from '@strands-agents/sdk';
import { z } from 'zod';
import type { ApiSources } from '../../pipeline-infra/api-sources/open-api-sources.js';
import type { InvestigationLedger } from '../ledger.js';
import type { PlanSource } from '../planner/plan.js';
import type { ApiToolResult } from '../tools/api-tool.js';
import type { QueryRunner, QueryToolResult } from '../tools/query-tool.js';

/**
 * What a sub-agent hands back: its rows, formatted in code. Whatever its model wrote is
 * discarded, so the supervisor writes the only summary (DESIGN §3.4).
 */
export interface SubAgentResult {
  source: PlanSource;
  rows: Record<string, unknown>[];
  row_count: number;
  /** The rows filled the page: there may be more. */
  capped: boolean;
  sql?: string;
  /** A read API's request, in words. */
  request?: string;
  error?: string;
}

export function subAgentToolName(source: PlanSource): string {
  return `${source}_specialist`;
}

export interface SubAgentContext {
  model(role: 'subagent'): Model;
  runner: QueryRunner;
  /** The read APIs (their snapshots, or AWS); absent where none are configured. */
  apis?: ApiSources;
  ledger: InvestigationLedger;
  plugins(): Plugin[];
  /** The investigation's clock: what "the last 90 days" count back from. */
  now: Date;
  /** Attributes on every agent's OpenTelemetry spans (the session and investigation ids). */
  traceAttributes: Record<string, string>;
}

interface Specialist {
  source: PlanSource;
  description: string;
  systemPrompt: string;
  /** The specialist's data tools, made fresh for each call. */
  tools(): Tool[];
}

/** A sub-agent as a tool of the supervisor; a fresh agent per call, so parallel calls never collide. */
export function createSpecialistTool(specialist: Specialist, context: SubAgentContext) {
  const { source } = specialist;
  return tool({
    name: subAgentToolName(source),
    description: specialist.description,
    inputSchema: z.object({ task: z.string().min(1).max(4000).describe('the question to answer from this source, with its time range and accounts') }),
    callback: async ({ task }, toolContext): Promise<SubAgentResult> => {
      const agent = new Agent({ name: `${source}-specialist`, model: context.model('subagent'), tools: specialist.tools(), systemPrompt: specialist.systemPrompt, plugins: context.plugins(), printer: false, traceAttributes: context.traceAttributes });
      let last: QueryToolResult | ApiToolResult | undefined;
      agent.addHook(AfterToolCallEvent, (event) => {
        const content = event.result.content.find((c) => c.type === 'jsonBlock');
        if (content && content.type === 'jsonBlock') last = content.json as unknown as QueryToolResult | ApiToolResult;
      });
      await agent.invoke(task, { invocationState: toolContext?.invocationState ?? {} });
      const usage = agent.metrics.accumulatedUsage;
      context.ledger.recordTokens(usage.inputTokens, usage.outputTokens);
      if (!last) return { source, rows: [], row_count: 0, capped: false, error: `The ${source} specialist ran no query.` };
      if (last.status !== 'ok') return { source, rows: [], row_count: 0, capped: false, error: last.reason };
      return { source, rows: last.rows, row_count: last.row_count, capped: last.full_page, ...('sql' in last ? { sql: last.sql } : { request: last.request }) };
    },
  });
}
