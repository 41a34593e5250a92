import { BedrockModel, type BedrockGuardrailConfig } from '@strands-agents/sdk';
import type { ModelEnv } from './model-config.js';
import type { ModelProvider } from './model-provider.js';
import { priceOf } from './model-prices.js';

/**
 * The guardrail on every Bedrock call: the asker's latest message is what it screens (the prompt
 * attack filter acts on input; the history holds cia's own tool results), synchronously, so a
 * blocked request never streams a word; its intervention ends the investigation as refused.
 */
export function guardrailConfig(identifier: string, version: string): BedrockGuardrailConfig {
  return { guardrailIdentifier: identifier, guardrailVersion: version, trace: 'enabled', streamProcessingMode: 'sync', guardLatestUserMessage: true };
}

/** Bedrock (Converse) through Strands; the same hooks and guards run around it. */
export function bedrockModelProvider(env: ModelEnv): ModelProvider {
  const model = () =>
    new BedrockModel({
      modelId: env.CIA_BEDROCK_MODEL_ID,
      ...(env.CIA_BEDROCK_REGION ? { region: env.CIA_BEDROCK_REGION } : {}),
      temperature: 0,
      ...(env.CIA_BEDROCK_GUARDRAIL_ID ? { guardrailConfig: guardrailConfig(env.CIA_BEDROCK_GUARDRAIL_ID, env.CIA_BEDROCK_GUARDRAIL_VERSION ?? 'DRAFT') } : {}),
    });
  return { name: `bedrock:${env.CIA_BEDROCK_MODEL_ID}`, reasons: true, price: priceOf(env.CIA_BEDROCK_MODEL_ID, env.CIA_MODEL_PRICE_USD_PER_MTOK), supervisor: model, subagent: model };
}
