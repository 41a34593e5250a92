import { useMemo } from 'react';
import { api } from './api.js';
import { ChannelView } from './components/ChannelView.js';
import { Sidebar } from './components/Sidebar.js';
import { ThreadPane } from './components/ThreadPane.js';
import { type Directory, DirectoryContext } from './directory.js';
import { statusKey } from './messages.js';
import { parseSlashCommand } from './slash.js';
import { useSandbox } from './useSandbox.js';

export function App() {
  const { state, dispatch } = useSandbox();
  const { info, channels, users, currentUserId, currentChannelId, openThreadTs } = state;

  const directory = useMemo<Directory | undefined>(
    () =>
      info && {
        info,
        users,
        channels,
        currentUserId,
        mentionData: { users: users.map(({ id, name }) => ({ id, name })), channels },
      },
    [info, users, channels, currentUserId],
  );

  if (!directory) {
    return <div className="loading">{state.loadError ? `Cannot reach the sandbox: ${state.loadError}` : 'Loading…'}</div>;
  }

  const channel = channels.find((c) => c.id === currentChannelId);
  const messages = state.messagesByChannel[currentChannelId] ?? [];
  const threadParent = openThreadTs === undefined ? undefined : messages.find((m) => m.ts === openThreadTs);

  const sendToChannel = async (text: string) => {
    const slash = parseSlashCommand(text);
    if (slash) await api.runCommand({ channel: currentChannelId, user: currentUserId, ...slash });
    else await api.postMessage({ channel: currentChannelId, user: currentUserId, text });
  };
  const replyInThread = async (text: string) => {
    if (openThreadTs === undefined) return;
    await api.postMessage({ channel: currentChannelId, user: currentUserId, text, thread_ts: openThreadTs });
  };

  return (
    <DirectoryContext.Provider value={directory}>
      <div className={threadParent ? 'workspace-layout with-thread' : 'workspace-layout'}>
        <Sidebar
          workspaceName={directory.info.team.name}
          channels={channels}
          currentChannelId={currentChannelId}
          unseenChannels={state.unseenChannels}
          onSelectChannel={(id) => dispatch({ type: 'selectChannel', channel: id })}
          users={users}
          currentUserId={currentUserId}
          onSelectUser={(id) => dispatch({ type: 'selectUser', user: id })}
        />
        {channel && (
          <ChannelView
            channel={channel}
            messages={messages}
            statuses={state.statuses}
            onOpenThread={(ts) => dispatch({ type: 'openThread', ts })}
            onSend={sendToChannel}
          />
        )}
        {channel && threadParent && (
          <ThreadPane
            channel={channel}
            parent={threadParent}
            messages={messages}
            status={state.statuses[statusKey(channel.id, threadParent.ts)]}
            onClose={() => dispatch({ type: 'openThread' })}
            onReply={replyInThread}
          />
        )}
      </div>
    </DirectoryContext.Provider>
  );
}
