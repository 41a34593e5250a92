import { describe, expect, it } from '@jest/globals';
import { modelEnvSchema } from '../../../agents/models/model-config.js';
import { estimateCostUsd, FREE, priceOf } from '../../../agents/models/model-prices.js';
import { modelProviderFor, offlineModelProvider } from '../../../agents/models/model-provider.js';
import { ConfigError } from '../../../pipeline-infra/config/config-error.js';
import { readEnv } from '../../../pipeline-infra/config/env.js';
import { formatUsd } from '../../../blocks/format.js';

describe('what an investigation\'s tokens cost', () => {
  it('prices a Bedrock model by its id, through any cross-Region profile that costs the same', () => {
    expect(priceOf('anthropic.claude-sonnet-4-20250514-v1:0', undefined)).toEqual({ input: 3, output: 15 });
    expect(priceOf('us.anthropic.claude-sonnet-4-20250514-v1:0', undefined)).toEqual({ input: 3, output: 15 });
    expect(priceOf('eu.amazon.nova-pro-v1:0', undefined)).toEqual({ input: 0.8, output: 3.2 });
  });

  it('prices the 4.5 generation by profile: a geographic profile costs 10% more than global', () => {
    expect(priceOf('global.anthropic.claude-sonnet-4-5-20250929-v1:0', undefined)).toEqual({ input: 3, output: 15 });
    expect(priceOf('us.anthropic.claude-sonnet-4-5-20250929-v1:0', undefined)).toEqual({ input: 3.3, output: 16.5 });
  });

  it('knows no price for a model outside the table, unless one is given', () => {
    expect(priceOf('anthropic.claude-unknown-v9:0', undefined)).toBeNull();
    expect(priceOf('anthropic.claude-unknown-v9:0', { input: 1, output: 2 })).toEqual({ input: 1, output: 2 });
    expect(priceOf('anthropic.claude-sonnet-4-20250514-v1:0', { input: 1, output: 2 })).toEqual({ input: 1, output: 2 });
  });

  it('estimates to a millionth of a dollar, and says nothing without a price', () => {
    expect(estimateCostUsd({ input: 1234, output: 210 }, { input: 3, output: 15 })).toBe(0.006852);
    expect(estimateCostUsd({ input: 1, output: 0 }, { input: 0.035, output: 0.14 })).toBe(0);
    expect(estimateCostUsd({ input: 0, output: 0 }, FREE)).toBe(0);
    expect(estimateCostUsd({ input: 1234, output: 210 }, null)).toBeNull();
  });

  it('reads CIA_MODEL_PRICE_USD_PER_MTOK as input,output and rejects anything else, naming the variable', () => {
    expect(readEnv(modelEnvSchema, { CIA_MODEL_PRICE_USD_PER_MTOK: ' 2.5 , 10 ' }).CIA_MODEL_PRICE_USD_PER_MTOK).toEqual({ input: 2.5, output: 10 });
    for (const bad of ['3', '3,15,1', '-1,2', 'three,fifteen', '3;15']) {
      expect(() => readEnv(modelEnvSchema, { CIA_MODEL_PRICE_USD_PER_MTOK: bad })).toThrow(ConfigError);
      expect(() => readEnv(modelEnvSchema, { CIA_MODEL_PRICE_USD_PER_MTOK: bad })).toThrow(/CIA_MODEL_PRICE_USD_PER_MTOK: must be two prices/);
    }
  });

  it('gives each provider its price: the offline planner is free, a local endpoint unknown unless told', async () => {
    expect(offlineModelProvider.price).toEqual(FREE);
    expect((await modelProviderFor(readEnv(modelEnvSchema, { CIA_MODEL: 'bedrock' }))).price).toEqual({ input: 3, output: 15 });
    expect((await modelProviderFor(readEnv(modelEnvSchema, { CIA_MODEL: 'openai' }))).price).toBeNull();
    expect((await modelProviderFor(readEnv(modelEnvSchema, { CIA_MODEL: 'openai', CIA_MODEL_PRICE_USD_PER_MTOK: '0.1,0.2' }))).price).toEqual({ input: 0.1, output: 0.2 });
  });

  it('shows an estimate to two significant digits below a dollar', () => {
    expect(formatUsd(0.006852)).toBe('$0.0069');
    expect(formatUsd(0.12)).toBe('$0.12');
    expect(formatUsd(3.4)).toBe('$3.40');
    expect(formatUsd(0.00002)).toBe('< $0.0001');
  });
});
