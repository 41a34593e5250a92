import { Agent, type Model, type Plugin } from '@strands-agents/sdk';
import { describeScope } from './answer/compose-answer.js';
import type { Plan } from './planner/plan.js';
import { createApiSubAgentTool } from './subagents/api-subagent.js';
import { API_SUBAGENTS, LAKE_SUBAGENTS } from './subagents/index.js';
import { createLakeSubAgentTool } from './subagents/lake-subagent.js';
import type { SubAgentContext } from './subagents/specialist.js';

/**
 * The supervisor: routes the question to one or more specialists (agents as tools) and writes
 * the only summary. The scope was resolved in code; the prompt states it so no model does date
 * arithmetic or guesses an account.
 */
export function createSupervisor(plan: Plan, model: Model, context: SubAgentContext, plugins: Plugin[]): Agent {
  return new Agent({
    name: 'cia-supervisor',
    model,
    tools: [...LAKE_SUBAGENTS.map((definition) => createLakeSubAgentTool(definition, context)), ...API_SUBAGENTS.map((definition) => createApiSubAgentTool(definition, context))],
    systemPrompt: supervisorPrompt(plan),
    plugins,
    printer: false,
    traceAttributes: context.traceAttributes,
  });
}

function supervisorPrompt(plan: Plan): string {
  const accounts = plan.scope.accounts.length ? plan.scope.accounts.map((a) => (a.alias ? `${a.alias} = ${a.id}` : a.id)).join(', ') : 'all accounts';
  return [
    'You are cia, an investigator of one AWS organization\'s logs and security services for on-call engineers. You only read data; you never change anything.',
    'Hand the question to the specialist for the right source (several if needed) and answer only from the rows they return.',
    `Scope, resolved for you: accounts ${accounts}; regions ${plan.scope.regions.join(', ') || 'all'}; time from ${plan.scope.from} to ${plan.scope.to} (${plan.scope.timePhrase}). Pass exactly this scope to the specialists.`,
    'Write a short answer for someone on call at 2 a.m.: the finding first, then the key rows. Every name, id and number you write must appear in the rows. If the rows are empty, say that nothing was found in this scope.',
    `Scope line to end with: ${describeScope(plan.scope)}.`,
  ].join('\n');
}
