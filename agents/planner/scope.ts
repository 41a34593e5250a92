import type { OrgConfig } from '../../pipeline-infra/config/org-config.js';

export interface AccountRef {
  id: string;
  alias?: string;
}

export type AccountScope =
  | { kind: 'all' }
  | { kind: 'accounts'; accounts: AccountRef[] }
  | { kind: 'unknown_alias'; name: string };

const AWS_REGION = /\b((?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d)\b/g;

/** "in prod", "in the flaws account", "account 123837392027", "across all accounts". */
export function resolveAccounts(question: string, config: OrgConfig): AccountScope {
  const text = question.toLowerCase();
  const accounts: AccountRef[] = [];
  const add = (ref: AccountRef) => {
    if (!accounts.some((a) => a.id === ref.id)) accounts.push(ref);
  };
  for (const match of text.matchAll(/\baccounts?\s+(?:id\s+)?(\d{12})\b|\b(\d{12})\s+account\b/g)) {
    const id = (match[1] ?? match[2])!;
    add({ id, alias: config.accounts.find((a) => a.id === id)?.alias });
  }
  for (const account of config.accounts) {
    const alias = escapeRegExp(account.alias);
    const mentioned = new RegExp(`\\b(?:in|for|from|of|on|to|across|only|just|same for|about)\\s+(?:the\\s+)?${alias}(?:'s)?\\b|\\b${alias}(?:'s)?\\s+(?:account|accounts|environment|env)\\b|^${alias}\\b|\\b${alias}'s\\b|\\b(?:did|does|do|has|have|is|was|were)\\s+${alias}\\b`).test(text);
    if (mentioned) add({ id: account.id, alias: account.alias });
  }
  if (accounts.length) return { kind: 'accounts', accounts };
  const unknown = /\b(?:in|for|from)\s+(?:the\s+)?([a-z][a-z0-9_-]{1,30})\s+account\b/.exec(text);
  if (unknown && !['this', 'that', 'which', 'what', 'whose', 'another', 'other', 'any', 'every', 'each', 'an', 'a', 'my', 'our', 'their', 'same', 'aws', 'one', 'its', 'his', 'her', 'the', 'your'].includes(unknown[1]!)) {
    return { kind: 'unknown_alias', name: unknown[1]! };
  }
  return { kind: 'all' };
}

/** Explicit region names in the question ("in eu-west-1"). */
export function resolveRegions(question: string): string[] {
  return [...new Set([...question.toLowerCase().matchAll(AWS_REGION)].map((m) => m[1]!))];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
