import type { HomeView, KnownBlock } from '@slack/types';
import { context, divider, escapeWithin, fields, header, section } from './builders.js';
import type { HealthLine } from './health.js';
import { recentInvestigationBlocks, type InvestigationListItem } from './history.js';

export interface AppHomeInput {
  sessions: InvestigationListItem[];
  health: HealthLine[];
  timeZone: string;
}

/** Fewer than `/cia history` shows: the Home tab also carries health, within one payload's text. */
const HOME_INVESTIGATIONS = 10;
const MAX_HEALTH_LINES = 30;
const FIELDS_PER_SECTION = 10;

/** The Home tab: how to ask, the user's recent investigations and whether cia is healthy. */
export function appHomeView({ sessions, health, timeZone }: AppHomeInput): HomeView {
  const blocks: KnownBlock[] = [
    header('cia: investigate your AWS organization from Slack'),
    section('Ask with `/cia <question>` in any channel, or mention @cia. Each question gets a thread with the answer, its evidence and what was run.'),
    divider(),
    header('Your recent investigations'),
    ...recentInvestigationBlocks(sessions, timeZone, HOME_INVESTIGATIONS),
    ...(sessions.length > HOME_INVESTIGATIONS ? [context(['`/cia history` lists more.'])] : []),
    divider(),
    header('Health'),
    ...healthBlocks(health),
  ];
  return { type: 'home', blocks };
}

/** One field per dependency, ten to a section (Slack's limit). */
function healthBlocks(health: HealthLine[]): KnownBlock[] {
  if (health.length === 0) return [section('No health checks have run yet.')];
  const down = health.filter((line) => !line.up).length;
  const pairs = health.slice(0, MAX_HEALTH_LINES).map((line): [string, string] => [
    escapeWithin(line.name, 60),
    line.up ? `:large_green_circle: up · ${line.ms} ms` : `:red_circle: down · ${escapeWithin(line.error ?? 'no answer', 200)}`,
  ]);
  const sections: KnownBlock[] = [];
  for (let i = 0; i < pairs.length; i += FIELDS_PER_SECTION) sections.push(fields(pairs.slice(i, i + FIELDS_PER_SECTION)));
  return [section(down === 0 ? 'All systems up.' : `${down} of ${health.length} down.`), ...sections];
}
