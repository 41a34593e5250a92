import { AfterToolCallEvent, Agent, tool, type Model, type Plugin } from '@strands-agents/sdk';
import { z } from 'zod';
import { tableForSource } from '../../pipeline-infra/catalog/index.js';
import type { SourceName } from '../../pipeline-infra/catalog/types.js';
import type { InvestigationLedger } from '../ledger.js';
import { createQueryTool, type QueryRunner, type QueryToolResult } from '../tools/query-tool.js';

/** A specialist for one lake source: what it knows, in words a supervisor model can route on. */
export interface LakeSubAgentDefinition {
  source: SourceName;
  /** For people: what the source is called. */
  title: string;
  /** For people: questions this source answers. */
  examples: string[];
  /** For the supervisor: when to call this sub-agent. */
  description: string;
  /** For the sub-agent's model: how to use its table well. */
  guidance: string;
}

/**
 * What a sub-agent hands back: its rows, formatted in code. Whatever its model wrote is
 * discarded, so the supervisor writes the only summary (DESIGN §3.4).
 */
export interface SubAgentResult {
  source: SourceName;
  rows: Record<string, unknown>[];
  row_count: number;
  /** The rows filled the page: there may be more. */
  capped: boolean;
  sql?: string;
  error?: string;
}

export function subAgentToolName(source: SourceName): string {
  return `${source}_specialist`;
}

export interface SubAgentContext {
  model(role: 'subagent'): Model;
  runner: QueryRunner;
  ledger: InvestigationLedger;
  plugins(): Plugin[];
}

/** A sub-agent as a tool of the supervisor; a fresh agent per call, so parallel calls never collide. */
export function createLakeSubAgentTool(definition: LakeSubAgentDefinition, context: SubAgentContext) {
  const table = tableForSource(definition.source);
  return tool({
    name: subAgentToolName(definition.source),
    description: definition.description,
    inputSchema: z.object({ task: z.string().min(1).max(4000).describe('the question to answer from this source, with its time range and accounts') }),
    callback: async ({ task }, toolContext): Promise<SubAgentResult> => {
      const queryTool = createQueryTool(table, context.runner, context.ledger);
      const agent = new Agent({
        name: `${definition.source}-specialist`,
        model: context.model('subagent'),
        tools: [queryTool],
        systemPrompt: `You answer questions from ${table.description}. ${definition.guidance} Always use ${queryTool.name}; never invent rows.`,
        plugins: context.plugins(),
        printer: false,
      });
      let last: QueryToolResult | undefined;
      agent.addHook(AfterToolCallEvent, (event) => {
        const content = event.result.content.find((c) => c.type === 'jsonBlock');
        if (content && content.type === 'jsonBlock') last = content.json as unknown as QueryToolResult;
      });
      await agent.invoke(task, { invocationState: toolContext?.invocationState ?? {} });
      if (!last) return { source: definition.source, rows: [], row_count: 0, capped: false, error: `The ${definition.source} specialist ran no query.` };
      if (last.status !== 'ok') return { source: definition.source, rows: [], row_count: 0, capped: false, error: last.reason };
      return { source: definition.source, rows: last.rows, row_count: last.row_count, capped: last.full_page, sql: last.sql };
    },
  });
}
