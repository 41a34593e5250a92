/** The `/cia` command's grammar: sub-commands, flags, or a question (DESIGN §1). */

export interface SubcommandInfo {
  name: Subcommand;
  usage: string;
  description: string;
}

export const SUBCOMMANDS = [
  { name: 'help', usage: 'help', description: 'This help.' },
  { name: 'history', usage: 'history', description: 'Your recent investigations, with links to their threads.' },
  { name: 'delete', usage: 'delete <id>', description: 'Delete one of your investigations and its memory.' },
  { name: 'health', usage: 'health', description: 'Whether each part cia depends on is up, and how fast it answers.' },
  { name: 'services', usage: 'services', description: 'The data sources cia can query, in plain words.' },
] as const satisfies readonly { name: string; usage: string; description: string }[];

export type Subcommand = (typeof SUBCOMMANDS)[number]['name'];

export const FLAGS = [
  { flag: '--new', description: 'start a fresh session (no earlier context)' },
  { flag: '--clean', description: 'use and keep no memory for this question' },
  { flag: '--notboring', description: 'playful progress lines, the same facts' },
] as const;

export type Flag = (typeof FLAGS)[number]['flag'];

export const EXAMPLE_QUESTIONS = [
  'who stopped or terminated EC2 instances in prod last week?',
  'which IAM user made the most calls yesterday?',
  'show failed console logins in the last 24 hours',
  'top talkers to 10.0.1.15 in the last hour',
  'what did cost grow on last month, by service?',
  'are any S3 buckets public?',
] as const;

export type CiaCommand =
  | { kind: 'subcommand'; name: Subcommand; args: string[]; flags: Flag[] }
  | { kind: 'question'; question: string; flags: Flag[] }
  | { kind: 'help'; reason: 'empty' | 'unknown_flag'; detail?: string; flags: Flag[] };

const KNOWN_FLAGS = new Set<string>(FLAGS.map((f) => f.flag));
const SUBCOMMAND_NAMES = new Set<string>(SUBCOMMANDS.map((s) => s.name));

/** Parses the text after `/cia`. Pure: the listener decides what to do with the result. */
export function parseCiaCommand(text: string): CiaCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const flags: Flag[] = [];
  const rest: string[] = [];
  for (const word of words) {
    if (/^--[a-z-]+$/i.test(word)) {
      const flag = word.toLowerCase();
      if (!KNOWN_FLAGS.has(flag)) return { kind: 'help', reason: 'unknown_flag', detail: word, flags };
      if (!flags.includes(flag as Flag)) flags.push(flag as Flag);
    } else {
      rest.push(word);
    }
  }
  if (rest.length === 0) return { kind: 'help', reason: 'empty', flags };
  const first = rest[0]!.toLowerCase();
  if (SUBCOMMAND_NAMES.has(first)) return { kind: 'subcommand', name: first as Subcommand, args: rest.slice(1), flags };
  return { kind: 'question', question: rest.join(' '), flags };
}
