import { BedrockModel } from '@strands-agents/sdk';
import type { ModelEnv } from './model-config.js';
import type { ModelProvider } from './model-provider.js';

/** Bedrock (Converse) through Strands; the same hooks and guards run around it. */
export function bedrockModelProvider(env: ModelEnv): ModelProvider {
  const model = () =>
    new BedrockModel({
      modelId: env.CIA_BEDROCK_MODEL_ID,
      ...(env.CIA_BEDROCK_REGION ? { region: env.CIA_BEDROCK_REGION } : {}),
      temperature: 0,
      ...(env.CIA_BEDROCK_GUARDRAIL_ID ? { guardrailConfig: { guardrailIdentifier: env.CIA_BEDROCK_GUARDRAIL_ID, guardrailVersion: env.CIA_BEDROCK_GUARDRAIL_VERSION ?? 'DRAFT' } } : {}),
    });
  return { name: `bedrock:${env.CIA_BEDROCK_MODEL_ID}`, reasons: true, supervisor: model, subagent: model };
}
