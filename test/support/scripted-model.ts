import type { Message, ModelStreamEvent, StreamOptions } from '@strands-agents/sdk';
import { LocalModel } from '../../agents/models/local-model.js';
import { streamTurn, type ModelTurn } from '../../agents/models/model-turn.js';
import type { ModelProvider } from '../../agents/models/model-provider.js';

/**
 * A model that plays a script, for tests: each call to the model takes the next turn. A turn
 * may be a function of the conversation so far (e.g. to read a tool result).
 */
export class ScriptedModel extends LocalModel {
  readonly calls: Message[][] = [];

  constructor(private readonly turns: (ModelTurn | ((messages: Message[]) => ModelTurn))[]) {
    super('scripted');
  }

  async *stream(messages: Message[], _options?: StreamOptions): AsyncIterable<ModelStreamEvent> {
    this.calls.push([...messages]);
    const next = this.turns.shift();
    if (!next) throw new Error('the script has no more turns');
    yield* streamTurn(typeof next === 'function' ? next(messages) : next, { inputTokens: 100, outputTokens: 20 });
  }
}

/** A provider that reasons (like Bedrock) but plays scripts: one for the supervisor, one per sub-agent call. */
export function scriptedProvider(supervisor: ScriptedModel, subagents: ScriptedModel[]): ModelProvider {
  return { name: 'scripted', reasons: true, price: null, supervisor: () => supervisor, subagent: () => subagents.shift() ?? new ScriptedModel([]) };
}
