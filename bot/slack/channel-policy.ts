import type { WebClient } from '@slack/web-api';
import type { OrgConfig } from '../../pipeline-infra/config/org-config.js';

/** A question cia may not run where it was asked, with what to do instead. */
export class AccessRefusal extends Error {}

/**
 * The accounts a conversation may query, from the configuration's policies (DESIGN §6.2),
 * enforced in code: a channel by its name's policy, a direct message by the asker's own. A
 * channel without a policy may query every account; a direct message without the asker's policy
 * is refused once any policy is configured, since a DM must not get around a channel's.
 */
export function conversationPolicy(client: WebClient, config: OrgConfig): (channelId: string, userId: string) => Promise<string[] | undefined> {
  const names = new Map<string, string>();
  const ids = (aliases: readonly string[]) => aliases.map((alias) => config.accounts.find((a) => a.alias === alias)!.id);
  const configured = Object.keys(config.channels).length > 0 || Object.keys(config.users).length > 0;
  return async (channelId, userId) => {
    if (!configured) return undefined;
    if (channelId.startsWith('D')) {
      const own = config.users[userId];
      if (own) return ids(own.accounts);
      throw new AccessRefusal('Direct messages follow your own account policy, and cia\'s configuration has none for you. Ask in a channel such as #oncall, or ask an admin to add you under `users:`.');
    }
    let name = names.get(channelId);
    if (!name) {
      const info = await client.conversations.info({ channel: channelId });
      name = info.channel?.name ?? channelId;
      names.set(channelId, name);
    }
    const policy = config.channels[name] ?? config.channels[channelId];
    return policy ? ids(policy.accounts) : undefined;
  };
}
