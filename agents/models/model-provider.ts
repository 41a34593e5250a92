import type { Model } from '@strands-agents/sdk';
import type { Plan } from '../planner/plan.js';
import { OfflinePlannerModel } from './offline-planner-model.js';
import { FREE, type TokenPrice } from './model-prices.js';

/** Which model plays the supervisor and the sub-agents for one investigation. */
export interface ModelProvider {
  readonly name: string;
  /** True when the model decides routing and queries itself (Bedrock, OpenAI-compatible). */
  readonly reasons: boolean;
  /** What its tokens cost (USD per million); null when unknown. */
  readonly price: TokenPrice | null;
  supervisor(plan: Plan): Model;
  subagent(plan: Plan): Model;
}

/** The embedded default: the deterministic planner enacts its own plan; no tokens, no network. */
export const offlineModelProvider: ModelProvider = {
  name: 'offline-planner',
  reasons: false,
  price: FREE,
  supervisor: (plan) => new OfflinePlannerModel(plan, 'supervisor'),
  subagent: (plan) => new OfflinePlannerModel(plan, 'subagent'),
};

/** The provider configuration picks; loaded on use so the offline path never loads a provider SDK. */
export async function modelProviderFor(env: import('./model-config.js').ModelEnv): Promise<ModelProvider> {
  switch (env.CIA_MODEL) {
    case 'offline':
      return offlineModelProvider;
    case 'bedrock':
      return (await import('./bedrock.js')).bedrockModelProvider(env);
    case 'openai':
      return (await import('./openai-compatible.js')).openAiCompatibleModelProvider(env);
  }
}
