import type { KnownBlock } from '@slack/types';
import { context, header, section } from './builders.js';
import { escapeMrkdwn } from './text.js';

export interface HealthLine {
  name: string;
  up: boolean;
  ms: number;
  error?: string;
}

/** `/cia health`: each dependency up or down, with how long it took to answer. */
export function healthBlocks(results: HealthLine[], checkedAt: Date): { text: string; blocks: KnownBlock[] } {
  const down = results.filter((r) => !r.up);
  const summary = down.length === 0 ? 'All systems up' : `${down.length} of ${results.length} down: ${down.map((r) => r.name).join(', ')}`;
  const lines = results.map((r) =>
    r.up ? `:large_green_circle: *${escapeMrkdwn(r.name)}* up · ${r.ms} ms` : `:red_circle: *${escapeMrkdwn(r.name)}* down · ${escapeMrkdwn(r.error ?? 'no answer')}`,
  );
  return {
    text: `cia health: ${summary}`,
    blocks: [header(`cia health: ${summary}`), section(lines.join('\n')), context([`Checked ${checkedAt.toISOString()}`])],
  };
}
