import { z } from 'zod';

/** Which model answers (DESIGN §3.5): the offline planner by default, Bedrock or an OpenAI-compatible endpoint by choice. */
export const modelEnvSchema = z.object({
  CIA_MODEL: z.enum(['offline', 'bedrock', 'openai'], { error: 'must be offline, bedrock or openai' }).default('offline'),
  CIA_BEDROCK_MODEL_ID: z.string().min(1).default('us.anthropic.claude-sonnet-4-20250514-v1:0'),
  CIA_BEDROCK_REGION: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as us-east-1').optional(),
  CIA_BEDROCK_GUARDRAIL_ID: z.string().optional(),
  CIA_BEDROCK_GUARDRAIL_VERSION: z.string().optional(),
  /** Ollama, vLLM, LM Studio…: e.g. http://127.0.0.1:11434/v1 */
  CIA_OPENAI_BASE_URL: z.url('must be the endpoint URL, e.g. http://127.0.0.1:11434/v1').optional(),
  CIA_OPENAI_MODEL: z.string().min(1).default('llama3.1'),
  CIA_OPENAI_API_KEY: z.string().default('not-needed'),
});
export type ModelEnv = z.infer<typeof modelEnvSchema>;
