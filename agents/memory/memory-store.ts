import type { InvestigationStatus } from '../result.js';

/**
 * What cia remembers (DESIGN §3.6), behind one interface: AgentCore Memory in production, a local
 * store persisted under CIA_DATA_DIR otherwise. The actor is the person asking (a Slack user, or
 * `--user` on the CLI) and every read is confined to that actor: one user's memory never reaches
 * another. Short-term events are a session's exchanges; semantic facts are what the actor's
 * investigations found, across their sessions; episodic reflections are how this session went.
 */
export interface MemoryStore {
  readonly name: string;
  /** Saves one exchange of a session (the question and the answer, each cut at `MESSAGE_LIMIT`). */
  record(actor: string, sessionId: string, exchange: Exchange): Promise<void>;
  /** What is remembered that bears on a question: the session's last events, the best facts and reflections. */
  recall(actor: string, sessionId: string, query: string, limits?: RecallLimits): Promise<Recollection>;
  /** Forgets a session of the actor's (`/cia delete`): its events, its reflections and the facts drawn from it. */
  forget(actor: string, sessionId: string): Promise<void>;
}

export interface Exchange {
  /** The investigation's id: a retried save of the same exchange is recognised. */
  id: string;
  question: string;
  answer: string;
  status: InvestigationStatus;
  sources: string[];
  /** The scope the answer covered, in words ("prod (111111111111), 2023-07-10 00:00–13:00 UTC"). */
  scope: string;
  at: Date;
}

export interface MemoryEvent {
  role: 'user' | 'assistant';
  text: string;
  /** ISO-8601. */
  at: string;
}

export interface MemoryRecord {
  text: string;
  /** Relevance to the query where the store ranks (higher is better); null when it does not. */
  score: number | null;
  /** ISO-8601, when known. */
  at: string | null;
}

export interface Recollection {
  /** The session's latest events, oldest first. */
  events: MemoryEvent[];
  /** Semantic facts from the actor's sessions, best first. */
  facts: MemoryRecord[];
  /** Episodic reflections of this session, best first. */
  reflections: MemoryRecord[];
}

export interface RecallLimits {
  events: number;
  facts: number;
  reflections: number;
}

/** DESIGN §3.6: the top 5 facts across the user's sessions, the top 3 reflections of this one. */
export const RECALL_LIMITS: RecallLimits = { events: 6, facts: 5, reflections: 3 };

/** Messages are saved cut at this many characters. */
export const MESSAGE_LIMIT = 5000;

export const NOTHING_RECALLED: Recollection = { events: [], facts: [], reflections: [] };

/** A message as it is saved: at most `MESSAGE_LIMIT` characters, the cut marked. */
export function cutMessage(text: string, limit = MESSAGE_LIMIT): string {
  if (text.length <= limit) return text;
  // Never split a surrogate pair: an emoji cut in half is not valid UTF-16.
  let end = limit - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
