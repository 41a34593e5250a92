import type { WebClient } from '@slack/web-api';
import { isValidTimeZone } from '../../agents/planner/zoned-time.js';

const cache = new Map<string, { timeZone: string; until: number }>();
const CACHE_MS = 60 * 60 * 1000;

/** The user's time zone from Slack's profile (users.info), cached an hour; UTC when unknown. */
export async function userTimeZone(client: WebClient, userId: string): Promise<string> {
  const cached = cache.get(userId);
  if (cached && cached.until > Date.now()) return cached.timeZone;
  try {
    const { user } = await client.users.info({ user: userId });
    const timeZone = user?.tz && isValidTimeZone(user.tz) ? user.tz : 'UTC';
    cache.set(userId, { timeZone, until: Date.now() + CACHE_MS });
    return timeZone;
  } catch {
    return 'UTC';
  }
}
