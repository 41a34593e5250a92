import { createContext, useContext } from 'react';
import type { MessageView, SandboxChannel, SandboxUser } from '../emulator/types.js';
import type { SandboxInfo } from './api.js';

/** Who and what the page can name: resolves ids in messages and knows who is typing. */
export interface Directory {
  info: SandboxInfo;
  users: SandboxUser[];
  channels: SandboxChannel[];
  currentUserId: string;
  /** What slack-blocks-to-jsx needs to turn <@U…> and <#C…> into names. */
  mentionData: { users: { id: string; name: string }[]; channels: SandboxChannel[] };
}

export const DirectoryContext = createContext<Directory | null>(null);

export function useDirectory(): Directory {
  const directory = useContext(DirectoryContext);
  if (!directory) throw new Error('useDirectory outside DirectoryContext');
  return directory;
}

export function isFromBot(message: MessageView, directory: Directory): boolean {
  return message.bot_id !== undefined || message.user === directory.info.bot.user_id;
}

export function userName(directory: Directory, userId: string): string {
  if (userId === directory.info.bot.user_id) return directory.info.bot.name;
  return directory.users.find((u) => u.id === userId)?.name ?? userId;
}

export function channelName(directory: Directory, channelId: string): string {
  return directory.channels.find((c) => c.id === channelId)?.name ?? channelId;
}

/** The name shown above a message: the bot's name, else the author's full name. */
export function authorName(message: MessageView, directory: Directory): string {
  if (isFromBot(message, directory)) return directory.info.bot.name;
  const user = directory.users.find((u) => u.id === message.user);
  return user ? user.real_name || user.name : (message.user ?? 'unknown');
}
