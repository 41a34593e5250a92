import type { KnownBlock } from '@slack/types';
import type { SessionRecord } from '../bot/sessions/session-store.js';
import { context, escapeWithin, header, section } from './builders.js';
import { formatTime } from './format.js';

/** One investigation in a list: the stored session, plus a link to its thread when known. */
export type InvestigationListItem = Pick<SessionRecord, 'session_id' | 'title' | 'question_count' | 'last_active_at'> & { permalink?: string };

export interface HistoryMessageInput {
  sessions: InvestigationListItem[];
  timeZone: string;
}

const HISTORY_LENGTH = 15;
const TITLE_LENGTH = 150;
const PERMALINK_LENGTH = 300;
const ID_LENGTH = 100;

/** `/cia history`: the asker's recent investigations, newest first, with links and the ids `/cia delete` takes. */
export function historyMessage({ sessions, timeZone }: HistoryMessageInput): { text: string; blocks: KnownBlock[] } {
  if (sessions.length === 0) return { text: 'You have no investigations yet.', blocks: recentInvestigationBlocks(sessions, timeZone, HISTORY_LENGTH) };
  return {
    text: `Your recent investigations (${sessions.length})`,
    blocks: [
      header('Your recent investigations'),
      ...recentInvestigationBlocks(sessions, timeZone, HISTORY_LENGTH),
      context(['Delete one, and its memory, with `/cia delete <id>`.']),
    ],
  };
}

/** The newest `max` investigations, one section each, or how to start one; shared with the Home tab. */
export function recentInvestigationBlocks(sessions: InvestigationListItem[], timeZone: string, max: number): KnownBlock[] {
  if (sessions.length === 0) {
    return [section('You have no investigations yet.'), context(['Ask with `/cia <question>`, or mention @cia in a channel.'])];
  }
  const newestFirst = [...sessions].sort((a, b) => instant(b.last_active_at) - instant(a.last_active_at));
  const blocks: KnownBlock[] = newestFirst.slice(0, max).map((session) => section(investigationLine(session, timeZone)));
  const older = sessions.length - max;
  if (older > 0) blocks.push(context([`…and ${older} older ${older === 1 ? 'investigation' : 'investigations'}.`]));
  return blocks;
}

function investigationLine(session: InvestigationListItem, timeZone: string): string {
  const title = escapeWithin(session.title.trim() || '(untitled)', TITLE_LENGTH);
  const link = session.permalink ? `<${escapeWithin(session.permalink, PERMALINK_LENGTH)}|${title}>` : title;
  const questions = session.question_count === 1 ? '1 question' : `${session.question_count} questions`;
  const lastActive = escapeWithin(formatTime(session.last_active_at, timeZone), 100);
  return `*${link}*\n${questions} · last active ${lastActive} · id \`${escapeWithin(session.session_id, ID_LENGTH)}\``;
}

/** Unreadable times sort last rather than breaking the order. */
const instant = (iso: string) => Date.parse(iso) || 0;
