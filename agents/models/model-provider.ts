import type { Model } from '@strands-agents/sdk';
import type { Plan } from '../planner/plan.js';
import { OfflinePlannerModel } from './offline-planner-model.js';

/** Which model plays the supervisor and the sub-agents for one investigation. */
export interface ModelProvider {
  readonly name: string;
  /** True when the model decides routing and queries itself (Bedrock, OpenAI-compatible). */
  readonly reasons: boolean;
  supervisor(plan: Plan): Model;
  subagent(plan: Plan): Model;
}

/** The embedded default: the deterministic planner enacts its own plan; no tokens, no network. */
export const offlineModelProvider: ModelProvider = {
  name: 'offline-planner',
  reasons: false,
  supervisor: (plan) => new OfflinePlannerModel(plan, 'supervisor'),
  subagent: (plan) => new OfflinePlannerModel(plan, 'subagent'),
};
