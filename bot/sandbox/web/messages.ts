import type { MessageView } from '../emulator/types.js';

/** Orders Slack timestamps ("1700000000.000100") exactly; parseFloat would lose the last digits. */
export function compareTs(a: string, b: string): number {
  const [aSeconds = '', aFraction = ''] = a.split('.');
  const [bSeconds = '', bFraction = ''] = b.split('.');
  return Number(aSeconds) - Number(bSeconds) || aFraction.padEnd(6, '0').localeCompare(bFraction.padEnd(6, '0'));
}

/** Applies a live update: replaces the message with the same ts, inserts it in order, or drops it when deleted. */
export function upsertMessage(list: MessageView[], message: MessageView): MessageView[] {
  const others = list.filter((m) => m.ts !== message.ts);
  if (message.deleted) return others;
  const index = others.findIndex((m) => compareTs(m.ts, message.ts) > 0);
  return index === -1 ? [...others, message] : [...others.slice(0, index), message, ...others.slice(index)];
}

export function isVisibleTo(message: MessageView, userId: string): boolean {
  return !message.ephemeral || message.visible_to === userId;
}

export function isTopLevel(message: MessageView): boolean {
  return message.thread_ts === undefined || message.thread_ts === message.ts;
}

export function threadReplies(list: MessageView[], parentTs: string): MessageView[] {
  return list.filter((m) => m.thread_ts === parentTs && m.ts !== parentTs);
}

/** Counts replies we hold as well, so the link appears even before the server re-sends the parent. */
export function replyCount(list: MessageView[], parent: MessageView): number {
  const held = threadReplies(list, parent.ts).filter((m) => !m.ephemeral).length;
  return Math.max(parent.reply_count, held);
}

export function statusKey(channel: string, threadTs: string): string {
  return `${channel}/${threadTs}`;
}

/** Local HH:MM, as Slack shows next to the author. */
export function formatTime(ts: string): string {
  return new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

export function formatFullDate(ts: string): string {
  return new Date(Number(ts.split('.')[0]) * 1000).toLocaleString();
}
