import type { MessageView, SandboxChannel } from '../../emulator/types.js';
import { useDirectory } from '../directory.js';
import { isTopLevel, isVisibleTo, replyCount, statusKey, threadReplies } from '../messages.js';
import { Composer } from './Composer.js';
import { MessageItem } from './MessageItem.js';
import { ScrollToLatest } from './ScrollToLatest.js';
import { ThinkingLine } from './ThinkingLine.js';

/** Slack folds a message into the one above when the same author wrote both within a few minutes. */
const CONTINUATION_WINDOW_S = 5 * 60;

function continues(previous: MessageView | undefined, message: MessageView, previousHasReplies: boolean): boolean {
  if (!previous || previousHasReplies || previous.ephemeral || message.ephemeral) return false;
  const sameAuthor = (previous.user ?? previous.bot_id) === (message.user ?? message.bot_id);
  return sameAuthor && Number(message.ts) - Number(previous.ts) < CONTINUATION_WINDOW_S;
}

interface ChannelViewProps {
  channel: SandboxChannel;
  messages: MessageView[];
  statuses: Record<string, string>;
  onOpenThread: (ts: string) => void;
  onSend: (text: string) => Promise<void>;
}

export function ChannelView({ channel, messages, statuses, onOpenThread, onSend }: ChannelViewProps) {
  const { currentUserId } = useDirectory();
  const visible = messages.filter((m) => isVisibleTo(m, currentUserId));
  const topLevel = visible.filter(isTopLevel);

  return (
    <main className="channel-view">
      <header className="channel-header">
        <h1>
          <span className="hash">#</span> {channel.name}
        </h1>
      </header>
      <ScrollToLatest key={channel.id} className="message-list">
        <div className="channel-intro">
          <h2>
            <span className="hash">#</span> {channel.name}
          </h2>
          <p>
            This is the very beginning of the <strong>#{channel.name}</strong> channel. Mention <strong>@cia</strong> or
            type <code>/cia help</code> to get started.
          </p>
        </div>
        {topLevel.map((message, i) => {
          const previous = topLevel[i - 1];
          const replies = threadReplies(visible, message.ts);
          const status = statuses[statusKey(message.channel, message.ts)];
          return (
            <div key={message.ts}>
              <MessageItem
                message={message}
                continued={continues(previous, message, previous !== undefined && replyCount(visible, previous) > 0)}
                thread={{
                  replyCount: replyCount(visible, message),
                  lastReplyTs: replies.at(-1)?.ts,
                  onOpen: () => onOpenThread(message.ts),
                }}
              />
              {status && <ThinkingLine status={status} />}
            </div>
          );
        })}
      </ScrollToLatest>
      <Composer
        testId="composer"
        placeholder={`Message #${channel.name} — try /cia help`}
        onSend={onSend}
        autoFocus
      />
    </main>
  );
}
