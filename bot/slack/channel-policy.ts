import type { WebClient } from '@slack/web-api';
import type { OrgConfig } from '../../pipeline-infra/config/org-config.js';

/**
 * The accounts a channel may query, from the configuration's channel policies (DESIGN §6.2),
 * enforced in code. Channels without a policy may query every account.
 */
export function channelPolicy(client: WebClient, config: OrgConfig): (channelId: string) => Promise<string[] | undefined> {
  const names = new Map<string, string>();
  return async (channelId) => {
    if (Object.keys(config.channels).length === 0) return undefined;
    let name = names.get(channelId);
    if (!name) {
      const info = await client.conversations.info({ channel: channelId });
      name = info.channel?.name ?? channelId;
      names.set(channelId, name);
    }
    const policy = config.channels[name] ?? config.channels[channelId];
    if (!policy) return undefined;
    return policy.accounts.map((alias) => config.accounts.find((a) => a.alias === alias)!.id);
  };
}
