import { tableForSource } from '../../pipeline-infra/catalog/index.js';
import type { SourceName } from '../../pipeline-infra/catalog/types.js';
import { createQueryTool } from '../tools/query-tool.js';
import { createSpecialistTool, type SubAgentContext } from './specialist.js';

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

export function createLakeSubAgentTool(definition: LakeSubAgentDefinition, context: SubAgentContext) {
  const table = tableForSource(definition.source);
  const tools = () => [createQueryTool(table, context.runner, context.ledger)];
  return createSpecialistTool(
    { source: definition.source, description: definition.description, systemPrompt: `You answer questions from ${table.description}. ${definition.guidance} Always use ${tools()[0]!.name}; never invent rows.`, tools },
    context,
  );
}
