import type { MessageView, SandboxChannel, SandboxEvent, SandboxUser, ThreadStatus } from '../emulator/types.js';
import type { SandboxInfo } from './api.js';
import { isTopLevel, isVisibleTo, statusKey, upsertMessage } from './messages.js';

export interface SandboxState {
  info?: SandboxInfo;
  channels: SandboxChannel[];
  users: SandboxUser[];
  loadError?: string;
  currentUserId: string;
  currentChannelId: string;
  /** Parent ts of the thread open in the right pane (always in the current channel). */
  openThreadTs?: string;
  messagesByChannel: Record<string, MessageView[]>;
  /** The bot's "is thinking…" texts, by statusKey(channel, thread_ts). */
  statuses: Record<string, string>;
  /** Channels with top-level messages posted while the user looked elsewhere. */
  unseenChannels: string[];
}

export type SandboxAction =
  | { type: 'loaded'; info: SandboxInfo; channels: SandboxChannel[]; users: SandboxUser[]; statuses: ThreadStatus[] }
  | { type: 'loadFailed'; error: string }
  | { type: 'channelLoaded'; channel: string; messages: MessageView[] }
  | { type: 'event'; event: SandboxEvent }
  | { type: 'selectChannel'; channel: string }
  | { type: 'selectUser'; user: string }
  | { type: 'openThread'; ts?: string };

export const initialState: SandboxState = {
  channels: [],
  users: [],
  currentUserId: '',
  currentChannelId: '',
  messagesByChannel: {},
  statuses: {},
  unseenChannels: [],
};

export function sandboxReducer(state: SandboxState, action: SandboxAction): SandboxState {
  switch (action.type) {
    case 'loaded': {
      const general = action.channels.find((c) => c.name === 'general') ?? action.channels[0];
      const firstHuman = action.users.find((u) => !u.is_bot);
      return {
        ...state,
        info: action.info,
        channels: action.channels,
        users: action.users,
        loadError: undefined,
        statuses: Object.fromEntries(action.statuses.map((s) => [statusKey(s.channel, s.thread_ts), s.status])),
        currentChannelId: state.currentChannelId || (general?.id ?? ''),
        currentUserId: state.currentUserId || (firstHuman?.id ?? ''),
      };
    }
    case 'loadFailed':
      return { ...state, loadError: action.error };
    case 'channelLoaded':
      return { ...state, messagesByChannel: { ...state.messagesByChannel, [action.channel]: action.messages } };
    case 'event':
      return applyEvent(state, action.event);
    case 'selectChannel':
      return {
        ...state,
        currentChannelId: action.channel,
        openThreadTs: action.channel === state.currentChannelId ? state.openThreadTs : undefined,
        unseenChannels: state.unseenChannels.filter((c) => c !== action.channel),
      };
    case 'selectUser':
      return { ...state, currentUserId: action.user };
    case 'openThread':
      return { ...state, openThreadTs: action.ts };
  }
}

function applyEvent(state: SandboxState, event: SandboxEvent): SandboxState {
  switch (event.type) {
    case 'message': {
      const { message } = event;
      const list = state.messagesByChannel[message.channel] ?? [];
      const isNew = !message.deleted && !list.some((m) => m.ts === message.ts);
      const marksUnseen =
        isNew &&
        message.channel !== state.currentChannelId &&
        isTopLevel(message) &&
        isVisibleTo(message, state.currentUserId) &&
        !state.unseenChannels.includes(message.channel);
      return {
        ...state,
        messagesByChannel: { ...state.messagesByChannel, [message.channel]: upsertMessage(list, message) },
        unseenChannels: marksUnseen ? [...state.unseenChannels, message.channel] : state.unseenChannels,
      };
    }
    case 'status': {
      const { channel, thread_ts, status } = event.status;
      const statuses = { ...state.statuses };
      if (status) statuses[statusKey(channel, thread_ts)] = status;
      else delete statuses[statusKey(channel, thread_ts)];
      return { ...state, statuses };
    }
    case 'home':
      return state;
  }
}
