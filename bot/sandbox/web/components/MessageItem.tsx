import type { MessageView } from '../../emulator/types.js';
import { authorName, isFromBot, useDirectory } from '../directory.js';
import { formatFullDate, formatTime } from '../messages.js';
import { Avatar } from './Avatar.js';
import { EyeIcon, ThreadIcon } from './Icons.js';
import { MessageBody } from './MessageBody.js';

interface ThreadSummary {
  replyCount: number;
  lastReplyTs?: string;
  onOpen: () => void;
}

interface MessageItemProps {
  message: MessageView;
  /** Same author a moment ago: Slack drops the avatar and name. */
  continued?: boolean;
  /** Top-level messages in the channel view: the "N replies" link, or a hover action to start a thread. */
  thread?: ThreadSummary;
}

function ThreadLink({ replyCount, lastReplyTs, onOpen }: ThreadSummary) {
  return (
    <div className="thread-summary">
      <button type="button" className="thread-link" data-testid="open-thread" onClick={onOpen}>
        {replyCount} {replyCount === 1 ? 'reply' : 'replies'}
      </button>
      {lastReplyTs && <span className="thread-last-reply">Last reply at {formatTime(lastReplyTs)}</span>}
    </div>
  );
}

export function MessageItem({ message, continued = false, thread }: MessageItemProps) {
  const directory = useDirectory();
  const fromBot = isFromBot(message, directory);
  const name = authorName(message, directory);
  const time = (
    <time className="message-time" title={formatFullDate(message.ts)}>
      {formatTime(message.ts)}
    </time>
  );
  const classes = ['message', continued && 'message-continued', message.ephemeral && 'message-ephemeral'];

  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-testid="message"
      data-ts={message.ts}
      data-channel={message.channel}
      data-edits={message.edits}
    >
      {message.ephemeral && (
        <div className="ephemeral-banner">
          <EyeIcon /> Only visible to you
        </div>
      )}
      <div className="message-row">
        <div className="message-gutter">
          {continued ? time : <Avatar id={message.user ?? message.bot_id ?? name} name={name} isBot={fromBot} />}
        </div>
        <div className="message-content">
          {!continued && (
            <div className="message-header">
              <span className="message-author">{name}</span>
              {fromBot && <span className="app-badge">APP</span>}
              {time}
            </div>
          )}
          <MessageBody message={message} />
          {message.edits > 0 && <span className="edited">(edited)</span>}
          {thread && thread.replyCount > 0 && <ThreadLink {...thread} />}
        </div>
        {thread && (
          <div className="message-actions">
            <button type="button" title="Reply in thread" data-testid="reply-in-thread" onClick={thread.onOpen}>
              <ThreadIcon />
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
