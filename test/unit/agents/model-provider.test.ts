import { BedrockModel } from '@strands-agents/sdk';
import { OpenAIModel } from '@strands-agents/sdk/models/openai';
import { modelEnvSchema } from '../../../agents/models/model-config.js';
import { modelProviderFor, offlineModelProvider } from '../../../agents/models/model-provider.js';
import { readEnv } from '../../../pipeline-infra/config/env.js';
import { ConfigError } from '../../../pipeline-infra/config/config-error.js';

describe('choosing the model from configuration', () => {
  it('uses the offline planner unless told otherwise', async () => {
    expect(await modelProviderFor(readEnv(modelEnvSchema, {}))).toBe(offlineModelProvider);
  });

  it('builds Bedrock and OpenAI-compatible models that reason with the same tools', async () => {
    const bedrock = await modelProviderFor(readEnv(modelEnvSchema, { CIA_MODEL: 'bedrock', CIA_BEDROCK_MODEL_ID: 'anthropic.claude-test', CIA_BEDROCK_REGION: 'eu-central-1' }));
    expect(bedrock).toMatchObject({ name: 'bedrock:anthropic.claude-test', reasons: true });
    const model = bedrock.supervisor(undefined as never);
    expect(model).toBeInstanceOf(BedrockModel);
    expect(model.getConfig().modelId).toBe('anthropic.claude-test');

    const local = await modelProviderFor(readEnv(modelEnvSchema, { CIA_MODEL: 'openai', CIA_OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', CIA_OPENAI_MODEL: 'qwen2.5' }));
    expect(local.subagent(undefined as never)).toBeInstanceOf(OpenAIModel);
    expect(local.name).toBe('openai:qwen2.5');
  });

  it('rejects an unknown model kind, naming the variable', () => {
    expect(() => readEnv(modelEnvSchema, { CIA_MODEL: 'gpt' })).toThrow(ConfigError);
    expect(() => readEnv(modelEnvSchema, { CIA_MODEL: 'gpt' })).toThrow(/CIA_MODEL: must be offline, bedrock or openai/);
  });
});
