/** One investigation: a Slack thread (or a named CLI session) and what is known about it. */
export interface SessionRecord {
  session_id: string;
  /** What the session is looked up by: a thread, or a user's named CLI session. */
  key: string;
  user_id: string;
  team_id?: string;
  channel_id?: string;
  thread_ts?: string;
  title: string;
  question_count: number;
  /** ISO-8601. */
  created_at: string;
  last_active_at: string;
  /** Epoch seconds after which the session is gone (DynamoDB TTL). */
  expires_at: number;
  /** The previous question as understood (JSON), so a follow-up can change one part of it. */
  last_turn?: string;
}

export interface NewSession {
  key: string;
  user_id: string;
  title: string;
  team_id?: string;
  channel_id?: string;
  thread_ts?: string;
}

export interface SessionStore {
  /** The live session for a key, or undefined when there is none or it expired. */
  get(key: string): Promise<SessionRecord | undefined>;
  /** Returns the session for the key, creating it if absent; `fresh` replaces an existing one. */
  open(session: NewSession, options?: { fresh?: boolean }): Promise<SessionRecord>;
  /** Counts one more question, keeps what it was understood as, and extends the session's life. */
  recordQuestion(key: string, lastTurn?: string): Promise<SessionRecord>;
  /** The user's sessions, most recently active first. */
  listForUser(userId: string, limit: number): Promise<SessionRecord[]>;
  /** Deletes one of the user's own sessions by id; false when the user has no such session. */
  deleteForUser(userId: string, sessionId: string): Promise<boolean>;
  /** A cheap round trip, for health checks. */
  ping(): Promise<void>;
}

export const sessionKeys = {
  thread: (teamId: string, channelId: string, threadTs: string) => `thread#${teamId}#${channelId}#${threadTs}`,
  cli: (userId: string, name: string) => `cli#${userId}#${name}`,
};

/** Session titles are the question, cut to what a history list can show. */
export function sessionTitle(question: string): string {
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine || '(no question)';
}
