/**
 * What the bot will not do, decided before any planning: change anything (it is read-only) or
 * talk about things that are not the organization's AWS data.
 */

export type Screening = { verdict: 'ok' } | { verdict: 'refuse'; category: 'write' | 'off_topic' | 'probe'; reason: string };

/**
 * Questions about cia's own insides (tools, agents, prompts, configuration) or attempts to
 * override its instructions. Matched on a folded form of the text, so spacing, case and
 * leetspeak do not hide them.
 */
const PROBES = [
  /\b(?:system|hidden|initial|original|developer) ?prompts?\b/,
  /\b(?:your|the bot'?s|cia'?s) (?:prompts?|instructions?|rules|tools?|functions?|sub-?agents?|agents?|hooks?|guards?|configuration|config|settings|source code|code|model|architecture|internals?|system)\b/,
  /\b(?:list|show|print|reveal|dump|repeat|tell me|what are|which are|describe) (?:me )?(?:all )?(?:of )?(?:your|the) (?:tools?|functions?|sub-?agents?|agents?|hooks?|prompts?|instructions?|rules)\b/,
  /\bignore (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions?|prompts?|rules|messages?)\b/,
  /\b(?:disregard|forget|override) (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions?|prompts?|rules)\b/,
  /\b(?:you are now|act as|pretend to be|roleplay as|jailbreak|developer mode|dan mode)\b/,
  /\b(?:what|which) (?:llm|language model|ai model|model) (?:are|is) (?:you|cia|this)\b/,
];

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[0134578@$]/g, (c) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' })[c]!)
    .replace(/(?<=\b\w) (?=\w\b)/g, '')
    .replace(/\s+/g, ' ');
}

/** Verbs that change an account when the bot is asked to do them (imperative, not "who deleted…"). */
const WRITE_VERBS = [
  'delete', 'remove', 'terminate', 'stop', 'start', 'reboot', 'restart', 'create', 'launch', 'run', 'kill', 'disable', 'enable',
  'attach', 'detach', 'revoke', 'grant', 'rotate', 'deactivate', 'activate', 'modify', 'change', 'update', 'set', 'put',
  'add', 'open', 'close', 'block', 'unblock', 'purge', 'drop', 'truncate', 'shut', 'scale', 'deploy', 'rollback', 'roll',
  'restore', 'reset', 'isolate', 'quarantine', 'suspend', 'resume', 'upload', 'copy', 'move', 'rename', 'tag', 'untag',
  'share', 'unshare', 'encrypt', 'decrypt', 'fix', 'patch', 'apply', 'install', 'uninstall', 'kick', 'ban', 'lock', 'unlock',
];

const POLITE_PREFIX = /^(?:(?:hey|hi|ok|okay|so|now|then|also)[,!]?\s+)?(?:(?:please|pls|kindly)\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?|i (?:want|need) you to\s+|go (?:and\s+)?|let'?s\s+)?(?:please\s+)?/;

/** Words that anchor a question in the AWS data the bot reads. */
const DOMAIN_WORDS = /\b(aws|account|accounts|prod|production|dev|staging|region|iam|user|users|role|roles|s3|bucket|ec2|instance|instances|security group|vpc|subnet|lambda|function|kms|key|keys|secret|secrets|cloudtrail|trail|api|call|calls|event|events|login|logins|sign-?ins?|console|error|errors|failed|denied|cost|costs|spend|spent|bill|billing|traffic|flow|flows|connection|connections|port|ports|ip|ips|address|guardduty|finding|findings|config|configuration|change|changes|log|logs|cloudwatch|alarm|snapshot|ami|rds|database|ecr|image|images|bedrock|model|quota|quotas|health|macie|inspector|organization|organizations|policy|policies|permission|permissions|access|who|ssh|rdp|dns|route|network|threat|attack|scan|ddos|vulnerab\w*|public|s3:|arn:|sg-|i-|snap-|ami-)\b/;

const OFF_TOPIC = /\b(poem|poetry|haiku|limerick|song|lyrics|story|joke|jokes|recipe|cook|weather|horoscope|novel|essay|riddle|translate|sonnet|rap|meme|movie|movies|football|soccer|dating|love letter|birthday|capital of|president of)\b/;

export function screenQuestion(question: string): Screening {
  const text = question.toLowerCase().trim();
  if (PROBES.some((pattern) => pattern.test(fold(question)) || pattern.test(text))) {
    return { verdict: 'refuse', category: 'probe', reason: 'That is about how cia itself works, which it does not discuss. Ask it about your AWS accounts instead: who did what, what changed, what it cost, what the network saw.' };
  }
  const imperative = text.replace(POLITE_PREFIX, '');
  const firstWord = /^([a-z]+)/.exec(imperative)?.[1];
  if (firstWord && WRITE_VERBS.includes(firstWord) && !/^(?:start|stop)(?:ed)?\s+(?:at|on|in|from)\b/.test(imperative)) {
    return {
      verdict: 'refuse',
      category: 'write',
      reason: `cia only reads: it cannot ${firstWord} anything in your accounts. Ask who did it or what changed instead, e.g. "who ${pastTense(firstWord)} … today?", and make the change through your usual tooling.`,
    };
  }
  if (OFF_TOPIC.test(text) && !DOMAIN_WORDS.test(text.replace(OFF_TOPIC, ''))) {
    return { verdict: 'refuse', category: 'off_topic', reason: 'cia answers questions about your AWS organization\'s logs, costs, network traffic and security findings, and nothing else.' };
  }
  return { verdict: 'ok' };
}

function pastTense(verb: string): string {
  if (verb.endsWith('e')) return `${verb}d`;
  if (/(?:stop|drop|ship|shut)$/.test(verb)) return `${verb}${verb.at(-1)}ed`;
  return `${verb}ed`;
}
