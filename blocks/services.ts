import type { KnownBlock } from '@slack/types';
import { context, escapeWithin, header, section } from './builders.js';

export interface SourceDescription {
  name: string;
  description: string;
  examples: string[];
}

const MAX_SOURCES = 12;
const MAX_EXAMPLES = 3;
const NAME_LENGTH = 60;
const DESCRIPTION_LENGTH = 300;
const EXAMPLE_LENGTH = 120;

/** `/cia services`: the data sources cia can query, in words people use. */
export function servicesMessage(sources: SourceDescription[]): { text: string; blocks: KnownBlock[] } {
  if (sources.length === 0) {
    return { text: 'cia has no data sources configured.', blocks: [section('cia has no data sources configured, so it cannot answer questions yet.')] };
  }
  const blocks: KnownBlock[] = [header('What cia can look into'), ...sources.slice(0, MAX_SOURCES).map(sourceSection)];
  const more = sources.length - MAX_SOURCES;
  if (more > 0) blocks.push(context([`…and ${more} more.`]));
  blocks.push(context(['Ask in plain words with `/cia <question>`: cia picks the source.']));
  return { text: `cia can query ${sources.length === 1 ? '1 source' : `${sources.length} sources`}: ${escapeWithin(sources.map((s) => s.name).join(', '), 300)}`, blocks };
}

function sourceSection(source: SourceDescription): KnownBlock {
  const examples = source.examples.slice(0, MAX_EXAMPLES).map((example) => `• “${escapeWithin(example, EXAMPLE_LENGTH)}”`);
  return section([`*${escapeWithin(source.name, NAME_LENGTH)}*`, escapeWithin(source.description, DESCRIPTION_LENGTH), ...examples].join('\n'));
}
