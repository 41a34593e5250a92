/** What an investigation's tokens cost: a price table for the models the configuration can select. */

/** USD per million tokens. */
export interface TokenPrice {
  input: number;
  output: number;
}

/** The offline planner reads no prompt and writes no token. */
export const FREE: TokenPrice = { input: 0, output: 0 };

/**
 * On-demand list prices of the Amazon Bedrock pricing page (aws.amazon.com/bedrock/pricing),
 * US East (N. Virginia), in USD per million tokens, as recorded on 2026-11-22. Models of the 4.5
 * generation cost 10% more through a geographic profile (`us.`, `eu.`…) than through `global.`,
 * so they are listed by profile; the others cost the same through any profile and are listed by
 * their model id. Another region or a negotiated price: set CIA_MODEL_PRICE_USD_PER_MTOK.
 */
const BEDROCK_ON_DEMAND: Record<string, TokenPrice> = {
  'anthropic.claude-sonnet-4-20250514-v1:0': { input: 3, output: 15 },
  'anthropic.claude-3-7-sonnet-20250219-v1:0': { input: 3, output: 15 },
  'anthropic.claude-3-5-haiku-20241022-v1:0': { input: 0.8, output: 4 },
  'anthropic.claude-opus-4-20250514-v1:0': { input: 15, output: 75 },
  'anthropic.claude-opus-4-1-20250805-v1:0': { input: 15, output: 75 },
  'global.anthropic.claude-sonnet-4-5-20250929-v1:0': { input: 3, output: 15 },
  'us.anthropic.claude-sonnet-4-5-20250929-v1:0': { input: 3.3, output: 16.5 },
  'eu.anthropic.claude-sonnet-4-5-20250929-v1:0': { input: 3.3, output: 16.5 },
  'global.anthropic.claude-haiku-4-5-20251001-v1:0': { input: 1, output: 5 },
  'us.anthropic.claude-haiku-4-5-20251001-v1:0': { input: 1.1, output: 5.5 },
  'eu.anthropic.claude-haiku-4-5-20251001-v1:0': { input: 1.1, output: 5.5 },
  'amazon.nova-pro-v1:0': { input: 0.8, output: 3.2 },
  'amazon.nova-lite-v1:0': { input: 0.06, output: 0.24 },
  'amazon.nova-micro-v1:0': { input: 0.035, output: 0.14 },
  'meta.llama3-3-70b-instruct-v1:0': { input: 0.72, output: 0.72 },
};

/** A cross-Region inference profile's prefix: `us.anthropic.…` is priced as `anthropic.…`. */
const PROFILE_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;

/** The price of a model: the override when one is set, else the table's; null when unknown (no cost is shown). */
export function priceOf(modelId: string, override: TokenPrice | undefined): TokenPrice | null {
  return override ?? BEDROCK_ON_DEMAND[modelId] ?? BEDROCK_ON_DEMAND[modelId.replace(PROFILE_PREFIX, '')] ?? null;
}

/** An estimate in USD, to a millionth of a dollar; null when the price is unknown. */
export function estimateCostUsd(tokens: { input: number; output: number }, price: TokenPrice | null): number | null {
  if (!price) return null;
  return Math.round(tokens.input * price.input + tokens.output * price.output) / 1_000_000;
}
