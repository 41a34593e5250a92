import { OpenAIModel } from '@strands-agents/sdk/models/openai';
import type { ModelEnv } from './model-config.js';
import type { ModelProvider } from './model-provider.js';

/** An OpenAI-compatible chat endpoint (Ollama, vLLM, LM Studio) through Strands. */
export function openAiCompatibleModelProvider(env: ModelEnv): ModelProvider {
  const model = () =>
    new OpenAIModel({
      api: 'chat',
      modelId: env.CIA_OPENAI_MODEL,
      temperature: 0,
      apiKey: env.CIA_OPENAI_API_KEY,
      ...(env.CIA_OPENAI_BASE_URL ? { clientConfig: { baseURL: env.CIA_OPENAI_BASE_URL } } : {}),
    });
  // A local endpoint (Ollama, vLLM) has no list price: only an override gives its tokens a cost.
  return { name: `openai:${env.CIA_OPENAI_MODEL}`, reasons: true, price: env.CIA_MODEL_PRICE_USD_PER_MTOK ?? null, supervisor: model, subagent: model };
}
