import { guardrailConfig } from '../../../agents/models/bedrock.js';
import { modelEnvSchema } from '../../../agents/models/model-config.js';
import { readEnv } from '../../../pipeline-infra/config/env.js';

describe('the Bedrock guardrail from configuration', () => {
  it('screens the asker\'s latest message, synchronously, with its trace', () => {
    expect(guardrailConfig('abcdef123456', '3')).toEqual({ guardrailIdentifier: 'abcdef123456', guardrailVersion: '3', trace: 'enabled', streamProcessingMode: 'sync', guardLatestUserMessage: true });
  });

  it('accepts a guardrail id or ARN and a version number or DRAFT, and names what is wrong otherwise', () => {
    expect(readEnv(modelEnvSchema, { CIA_BEDROCK_GUARDRAIL_ID: 'arn:aws:bedrock:eu-central-1:111111111111:guardrail/abcdef123456', CIA_BEDROCK_GUARDRAIL_VERSION: 'DRAFT' })).toMatchObject({ CIA_BEDROCK_GUARDRAIL_VERSION: 'DRAFT' });
    expect(() => readEnv(modelEnvSchema, { CIA_BEDROCK_GUARDRAIL_ID: 'my guardrail' })).toThrow(/CIA_BEDROCK_GUARDRAIL_ID.*guardrail id/);
    expect(() => readEnv(modelEnvSchema, { CIA_BEDROCK_GUARDRAIL_VERSION: 'latest' })).toThrow(/CIA_BEDROCK_GUARDRAIL_VERSION.*version number/);
  });
});
