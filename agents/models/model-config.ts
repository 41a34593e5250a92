import { z } from 'zod';

/** Which model answers (DESIGN §3.5): the offline planner by default, Bedrock or an OpenAI-compatible endpoint by choice. */
export const modelEnvSchema = z.object({
  CIA_MODEL: z.enum(['offline', 'bedrock', 'openai'], { error: 'must be offline, bedrock or openai' }).default('offline'),
  CIA_BEDROCK_MODEL_ID: z.string().min(1).default('us.anthropic.claude-sonnet-4-20250514-v1:0'),
  CIA_BEDROCK_REGION: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as us-east-1').optional(),
  /** A Bedrock guardrail with a prompt-attack filter on input and the off-topic denied topics (see serverless.yml). */
  CIA_BEDROCK_GUARDRAIL_ID: z.string().regex(/^(?:[a-z0-9]{12}|arn:aws[\w-]*:bedrock:[\w-]+:\d{12}:guardrail\/[a-z0-9]{12})$/, 'must be a guardrail id (12 characters) or its ARN').optional(),
  /** A published version ("1"), or DRAFT while trying one out. */
  CIA_BEDROCK_GUARDRAIL_VERSION: z.string().regex(/^(?:[1-9]\d{0,7}|DRAFT)$/, 'must be a guardrail version number such as 1, or DRAFT').optional(),
  /** Ollama, vLLM, LM Studio…: e.g. http://127.0.0.1:11434/v1 */
  CIA_OPENAI_BASE_URL: z.url('must be the endpoint URL, e.g. http://127.0.0.1:11434/v1').optional(),
  CIA_OPENAI_MODEL: z.string().min(1).default('llama3.1'),
  CIA_OPENAI_API_KEY: z.string().default('not-needed'),
  /** The model's price in USD per million tokens, input then output ("3,15"), for the cost shown in receipts; default: the price table's. */
  CIA_MODEL_PRICE_USD_PER_MTOK: z
    .string()
    .regex(/^\s*\d+(?:\.\d+)?\s*,\s*\d+(?:\.\d+)?\s*$/, 'must be two prices in USD per million tokens, input then output, such as 3,15')
    .transform((prices) => {
      const [input, output] = prices.split(',').map(Number) as [number, number];
      return { input, output };
    })
    .optional(),
});
export type ModelEnv = z.infer<typeof modelEnvSchema>;
