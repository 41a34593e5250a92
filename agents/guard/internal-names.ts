import { API_SOURCE_NAMES } from '../../pipeline-infra/api-sources/api-source.js';
import { CATALOG } from '../../pipeline-infra/catalog/index.js';
import { apiToolName } from '../tools/api-tool.js';
import { queryToolName } from '../tools/query-tool.js';

/**
 * The names of cia's insides that no answer may show and no question needs (DESIGN §3.4): its
 * tools, specialists, agents and hooks, its environment variables, its source files and the
 * opening words of its prompts. Built from the registries the agents use, so a new tool is
 * covered the day it is added.
 */

/** The plugin names of the hooks in agents/hooks (a test holds this list to the classes). */
export const HOOK_NAMES = ['cia-progress', 'cia-limit-rewrite', 'cia-account-policy', 'cia-empty-result', 'cia-output-integrity', 'cia-memory', 'cia-internal-names'] as const;

const SOURCES = [...new Set([...CATALOG.map((t) => t.source), ...API_SOURCE_NAMES])];

export const INTERNAL_NAMES: readonly string[] = [
  ...CATALOG.map((t) => queryToolName(t.name)),
  ...API_SOURCE_NAMES.map((s) => apiToolName(s)),
  ...SOURCES.map((s) => `${s}_specialist`),
  ...SOURCES.map((s) => `${s}-specialist`),
  'cia-supervisor',
  ...HOOK_NAMES,
  'memory_context',
];

/** Environment variables, source files and prompt openings: shapes rather than a list. */
const INTERNAL_SHAPES: readonly RegExp[] = [
  /\b(?:SLACK|CIA)_[A-Z][A-Z0-9_]{2,}\b|\bAWS_(?:SECRET_ACCESS_KEY|ACCESS_KEY_ID|SESSION_TOKEN|PROFILE|EXECUTION_ENV|LAMBDA_[A-Z_]+)\b/g,
  /\b(?:agents|bot|blocks|pipeline-infra|test)\/[\w./-]+\.(?:ts|js|mjs|md|ya?ml|json)\b/g,
  /\bYou are cia, an investigator\b[^.\n]*\.?/g,
  /\bHand the question to the specialist\b[^.\n]*\.?/g,
  /\bScope, resolved for you\b[^.\n]*\.?/g,
];

const NAME_PATTERN = new RegExp(`(?<![\\w-])(?:${[...INTERNAL_NAMES].sort((a, b) => b.length - a.length).map((n) => n.replace(/[-_]/g, '[-_]')).join('|')})(?![\\w-])`, 'gi');

/** The internal names a text shows, in the order found. */
export function internalNamesIn(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of [NAME_PATTERN, ...INTERNAL_SHAPES]) for (const match of text.matchAll(pattern)) found.add(match[0]);
  return [...found];
}

/** The text with every internal name replaced by a neutral word. */
export function redactInternalNames(text: string): string {
  return [NAME_PATTERN, ...INTERNAL_SHAPES].reduce((out, pattern) => out.replace(pattern, '[internal]'), text);
}

/** Internal names as a question might run them together once spacing is gone ("querycloudtraillogs"). */
export const COMPACT_INTERNAL_NAMES: readonly string[] = INTERNAL_NAMES.map((n) => n.toLowerCase().replace(/[^a-z0-9]/g, ''));
