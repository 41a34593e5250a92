import type { SandboxChannel, SandboxUser } from '../../emulator/types.js';

interface SidebarProps {
  workspaceName: string;
  channels: SandboxChannel[];
  currentChannelId: string;
  unseenChannels: string[];
  onSelectChannel: (channelId: string) => void;
  users: SandboxUser[];
  currentUserId: string;
  onSelectUser: (userId: string) => void;
}

export function Sidebar(props: SidebarProps) {
  const { workspaceName, channels, currentChannelId, unseenChannels, onSelectChannel } = props;
  return (
    <nav className="sidebar">
      <header className="workspace">
        <span className="workspace-name">{workspaceName}</span>
      </header>
      <section className="sidebar-section">
        <h3>Channels</h3>
        <ul>
          {channels.map((channel) => {
            const classes = [
              'channel-entry',
              channel.id === currentChannelId && 'active',
              unseenChannels.includes(channel.id) && 'unseen',
            ];
            return (
              <li key={channel.id}>
                <button
                  type="button"
                  className={classes.filter(Boolean).join(' ')}
                  data-testid={`channel-${channel.name}`}
                  onClick={() => onSelectChannel(channel.id)}
                >
                  <span className="hash">#</span> {channel.name}
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      <UserSwitcher users={props.users} currentUserId={props.currentUserId} onSelectUser={props.onSelectUser} />
    </nav>
  );
}

/** Who the evaluator is typing as; also decides whose ephemeral messages show. */
function UserSwitcher({ users, currentUserId, onSelectUser }: Pick<SidebarProps, 'users' | 'currentUserId' | 'onSelectUser'>) {
  const current = users.find((user) => user.id === currentUserId);
  return (
    <label className="user-switcher">
      <span>You are:</span>
      <select data-testid="user-select" value={currentUserId} onChange={(event) => onSelectUser(event.target.value)}>
        {users
          .filter((user) => !user.is_bot)
          .map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
      </select>
      {current && (
        <span className="user-details">
          {current.real_name} · {current.tz}
        </span>
      )}
    </label>
  );
}
