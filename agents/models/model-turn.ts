import type { Message, ModelStreamEvent } from '@strands-agents/sdk';

/** One model turn: a tool call or a final text, streamed the way a real model streams it. */
export type ModelTurn = { toolUse: { name: string; input: unknown } } | { text: string; stopReason?: 'endTurn' | 'guardrailIntervened' };

let toolUseCounter = 0;

export async function* streamTurn(turn: ModelTurn, usage = { inputTokens: 0, outputTokens: 0 }): AsyncGenerator<ModelStreamEvent> {
  yield { type: 'modelMessageStartEvent', role: 'assistant' };
  if ('toolUse' in turn) {
    toolUseCounter += 1;
    yield { type: 'modelContentBlockStartEvent', start: { type: 'toolUseStart', name: turn.toolUse.name, toolUseId: `tooluse-${toolUseCounter}` } };
    yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'toolUseInputDelta', input: JSON.stringify(turn.toolUse.input) } };
  } else {
    yield { type: 'modelContentBlockStartEvent' };
    yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'textDelta', text: turn.text } };
  }
  yield { type: 'modelContentBlockStopEvent' };
  yield { type: 'modelMessageStopEvent', stopReason: 'toolUse' in turn ? 'toolUse' : (turn.stopReason ?? 'endTurn') };
  yield { type: 'modelMetadataEvent', usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens } };
}

/** The results of the tool calls made so far in this conversation, oldest first, as JSON values. */
export function toolResults(messages: Message[]): unknown[] {
  const results: unknown[] = [];
  for (const message of messages) {
    for (const block of message.content) {
      if (block.type !== 'toolResultBlock') continue;
      for (const content of block.content) {
        if (content.type === 'jsonBlock') results.push(content.json);
        else if (content.type === 'textBlock') results.push(parseJson(content.text));
      }
    }
  }
  return results;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}
