import type { Exchange } from './memory-store.js';

/** How long a fact or reflection may be: a line in a prompt, not a transcript. */
export const RECORD_LIMIT = 500;

export interface ExtractedMemories {
  /** What the exchange found, worth recalling in the actor's other sessions (none when nothing was found). */
  facts: string[];
  /** How the exchange went, for this session. */
  reflection: string;
}

/**
 * The local store's stand-in for AgentCore's semantic and episodic strategies: deterministic
 * records drawn from an exchange. A fact is the answer's finding with its scope and date; a
 * reflection says what was asked, from which sources, and how it ended.
 */
export function extractMemories(exchange: Exchange): ExtractedMemories {
  const day = exchange.at.toISOString().slice(0, 10);
  const finding = firstLine(exchange.answer);
  const sources = exchange.sources.length ? exchange.sources.join(', ') : 'no source';
  const reflection = clip(`${day}: asked "${oneLine(exchange.question)}"; ${OUTCOME[exchange.status]} from ${sources}${exchange.scope ? ` (${exchange.scope})` : ''}: ${finding}`);
  const facts = exchange.status === 'answered' && finding ? [clip(`${finding} (${exchange.scope ? `${exchange.scope}; ` : ''}found ${day})`)] : [];
  return { facts, reflection };
}

const OUTCOME: Record<Exchange['status'], string> = {
  answered: 'answered',
  no_data: 'nothing found',
  needs_clarification: 'needed clarification',
  refused: 'refused',
  error: 'failed',
};

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The answer's first non-empty line, without Markdown emphasis. */
function firstLine(answer: string): string {
  const line = answer.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return oneLine(line.replace(/[*_]{1,2}([^*_]+)[*_]{1,2}/g, '$1'));
}

function clip(text: string): string {
  return text.length <= RECORD_LIMIT ? text : `${text.slice(0, RECORD_LIMIT - 1)}…`;
}
