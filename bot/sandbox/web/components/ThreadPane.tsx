import type { MessageView, SandboxChannel } from '../../emulator/types.js';
import { useDirectory } from '../directory.js';
import { isVisibleTo, threadReplies } from '../messages.js';
import { slashCommandInThreadHint } from '../slash.js';
import { Composer } from './Composer.js';
import { CloseIcon } from './Icons.js';
import { MessageItem } from './MessageItem.js';
import { ScrollToLatest } from './ScrollToLatest.js';
import { ThinkingLine } from './ThinkingLine.js';

interface ThreadPaneProps {
  channel: SandboxChannel;
  parent: MessageView;
  messages: MessageView[];
  status?: string;
  onClose: () => void;
  onReply: (text: string) => Promise<void>;
}

export function ThreadPane({ channel, parent, messages, status, onClose, onReply }: ThreadPaneProps) {
  const { currentUserId } = useDirectory();
  const replies = threadReplies(messages, parent.ts).filter((m) => isVisibleTo(m, currentUserId));

  return (
    <aside className="thread-pane" data-testid="thread-pane" data-thread-ts={parent.ts}>
      <header className="thread-header">
        <div>
          <h2>Thread</h2>
          <span className="thread-channel"># {channel.name}</span>
        </div>
        <button type="button" className="icon-button" title="Close" data-testid="close-thread" onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      <ScrollToLatest key={parent.ts} className="thread-messages">
        <MessageItem message={parent} />
        <div className="replies-divider">
          <span>
            {replies.length} {replies.length === 1 ? 'reply' : 'replies'}
          </span>
        </div>
        {replies.map((reply) => (
          <MessageItem key={reply.ts} message={reply} />
        ))}
        {status && <ThinkingLine status={status} />}
      </ScrollToLatest>
      <Composer
        key={parent.ts}
        testId="thread-composer"
        placeholder="Reply…"
        onSend={onReply}
        refusal={(text) => slashCommandInThreadHint(text, channel.name)}
        autoFocus
      />
    </aside>
  );
}
