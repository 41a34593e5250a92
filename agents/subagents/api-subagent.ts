import type { ApiSourceName } from '../../pipeline-infra/api-sources/api-source.js';
import { tableForSource } from '../../pipeline-infra/catalog/index.js';
import type { SourceName } from '../../pipeline-infra/catalog/types.js';
import { apiToolName, createApiTool } from '../tools/api-tool.js';
import { createQueryTool, queryToolName } from '../tools/query-tool.js';
import { createSpecialistTool, type SubAgentContext } from './specialist.js';

/** A specialist for one AWS read API, in the words of the lake's specialists. */
export interface ApiSubAgentDefinition {
  source: ApiSourceName;
  title: string;
  examples: string[];
  description: string;
  guidance: string;
  /** A lake table holding what the API no longer keeps (GuardDuty's findings after 90 days), and from when the API answers. */
  history?: { source: SourceName; apiKeepsSince(now: Date): Date };
}

/** The API's tool, and the history table's query tool when the API forgets: the sub-agent picks by the time range. */
export function createApiSubAgentTool(definition: ApiSubAgentDefinition, context: SubAgentContext) {
  const { source, history } = definition;
  const historyTable = history ? tableForSource(history.source) : undefined;
  const tools = () => [createApiTool(source, context.apis?.[source], context.ledger, context.now), ...(historyTable ? [createQueryTool(historyTable, context.runner, context.ledger)] : [])];
  const routing = history && historyTable
    ? ` It is now ${context.now.toISOString()}. ${apiToolName(source)} answers for times since ${history.apiKeepsSince(context.now).toISOString()}; for a time range starting earlier use ${queryToolName(historyTable.name)} (the lake keeps every finding).`
    : ` Always use ${apiToolName(source)}.`;
  return createSpecialistTool({ source, description: definition.description, systemPrompt: `You answer questions from ${definition.title}. ${definition.guidance}${routing} Never invent rows.`, tools }, context);
}
