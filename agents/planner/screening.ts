import { compactText, foldText, plainText } from '../guard/fold-text.js';
import { hiddenTexts } from '../guard/hidden-text.js';
import { COMPACT_INTERNAL_NAMES } from '../guard/internal-names.js';

/**
 * What the bot will not do, decided in code before any planning or model call: discuss its own
 * insides (tools, agents, prompts, configuration, files), follow instructions smuggled into a
 * question, hand out secrets, change anything (it is read-only), or talk about things that are not
 * the organization's AWS data. Each pattern is matched on the question, on its folded form (case,
 * accents, look-alike letters, leetspeak and spelled-out words undone) and on any text hidden in it
 * in an encoding (base64, hex, escapes, ROT13, reversed).
 */

export type ScreeningCategory = 'write' | 'off_topic' | 'probe' | 'injection' | 'secret';
export type Screening = { verdict: 'ok' } | { verdict: 'refuse'; category: ScreeningCategory; reason: string };

const REASONS: Record<Exclude<ScreeningCategory, 'write'>, string> = {
  probe: 'That is about how cia itself works, which it does not discuss. Ask it about your AWS accounts instead: who did what, what changed, what it cost, what the network saw.',
  injection: 'That reads as instructions to cia rather than a question about your AWS accounts, so it was not run. Ask the question on its own, e.g. "who changed the security groups in prod today?".',
  secret: 'cia never shows tokens, keys, passwords or other secrets, its own or your accounts\'. It can tell you who read or changed one: e.g. "who called GetSecretValue on prod/db-password this week?".',
  off_topic: 'cia answers questions about your AWS organization\'s logs, costs, network traffic and security findings, and nothing else.',
};

const INSIDE = '(?:prompts?|instructions?|rules|guidelines|tools?|functions?|sub-?agents?|agents?|specialists?|hooks?|guards?|guardrails?|configuration|config|settings|source(?: code)?|code|model|architecture|internals?|system|memory|context|policies|plugins?|capabilities)';
const ME = '(?:your|yours|your own|the bot\'?s|cia\'?s|this bot\'?s|the assistant\'?s)';

/** Questions about cia's insides, in English and the languages on-call teams write in. */
const PROBES: RegExp[] = [
  /\b(?:system|hidden|initial|original|developer|internal|secret|base|meta) ?(?:prompts?|instructions?|messages?)\b/,
  new RegExp(`\\b${ME} (?:\\w+ )?${INSIDE}\\b`),
  new RegExp(`\\b(?:list|show|print|reveal|dump|repeat|tell me|what are|which are|describe|enumerate|output|display|give me|share|explain) (?:me )?(?:all )?(?:of )?(?:your|the|cia'?s) (?:available |internal |own )?(?:tools?|functions?|sub-?agents?|agents?|hooks?|prompts?|instructions?|rules|plugins?|commands you can run)\\b`),
  /\b(?:what|which) (?:llm|language model|ai model|model|version|provider) (?:are|is|powers|runs|do) (?:you|cia|this|it)\b/,
  /\bwho (?:made|built|created|trained|programmed) (?:you|cia|this bot)\b/,
  /\bhow (?:do|are) you (?:work|built|implemented|configured|programmed)\b/,
  /\b(?:what|which) (?:tools?|functions?|sub-?agents?|agents?|specialists?|hooks?|guardrails?|guards?|rules|instructions|prompts?|plugins?) (?:do|can|does|are) (?:you|cia)\b/,
  /\b(?:source code|serverless\.yml|package\.json|tsconfig|dockerfile|node_modules|cia\.config)\b|(?:^|[^\w])\.env\b|\.ts files?\b/,
  /(?:^|[\s'"`(])(?:\/etc\/(?:passwd|shadow|hosts)|\/proc\/self|~\/\.aws|\.aws\/credentials|\/var\/task|\/tmp\/|c:\\)/,
  /\b(?:cat|type|read|open|print|show|dump|display) (?:the )?(?:file|contents of|content of)\b/,
  // Spanish, Portuguese, Italian, French, German, Dutch
  /\b(?:tus|sus|tuas|suas|tue|vos|tes|deine|ihre|je) (?:instrucciones|instrucoes|istruzioni|instructions|anweisungen|instructies|herramientas|ferramentas|strumenti|outils|werkzeuge|reglas|regras|regole|regles|regeln|configuracion|configuracao|configurazione|prompts?|systemprompt)\b/,
  /\b(?:prompt|mensaje|mensagem|messaggio|message|nachricht|bericht) (?:del |do |di |du |de )?(?:sistema|systeme|system|systeem)\b/,
  /\b(?:systemprompt|systemnachricht|systeemprompt)\b/,
  // Russian, Ukrainian, Polish, Turkish
  /системн\p{L}* (?:промпт|подсказк|инструкц)|(?:твои|ваши|свои) (?:инструкции|правила|инструменты|настройки)|покажи (?:мне )?(?:свой|свои|твой|твои)/u,
  /\b(?:twoje|swoje) (?:instrukcje|narzedzia|zasady)\b|\bprompt systemowy\b|\bsistem (?:komutu|istemi|talimat\w*)|\btalimatlar\w*\b/,
  // Chinese, Japanese, Korean
  /系统提示|系統提示|提示词|你的(?:工具|指令|规则|配置|提示)|你有哪些工具|システムプロンプト|あなたの(?:ツール|指示|ルール|設定)|指示を(?:無視|表示)|시스템 프롬프트|당신의 (?:도구|지시|규칙)/,
];

/** The same, for text whose words were run together ("l i s t y o u r t o o l s"), and cia's internal names however spelled. */
const COMPACT_PROBES = new RegExp(
  `(?:list|show|print|reveal|dump|tellme|whatare|describe)(?:me)?(?:all)?(?:of)?(?:your|the)(?:tools|functions|subagents|agents|specialists|hooks|prompts?|instructions|rules)|systemprompt|yourinstructions|yoursystem|(?:open|show|print|cat|read|dump)(?:me)?(?:the|your)?(?:dot)?envfile|etcpasswd|awscredentials|procselfenviron|serverlessyml|packagejson|${COMPACT_INTERNAL_NAMES.join('|')}`,
);
const COMPACT_INJECTIONS = /(?:ignore|disregard|forget|override|bypass)(?:all|any|the|your)*(?:previous|prior|above|earlier)(?:instructions?|prompts?|rules)|developermode|jailbreak|doanythingnow|(?:call|invoke|run|execute)(?:the)?(?:tool|function)/;
const COMPACT_SECRETS = /slackbottoken|slacksigningsecret|slackapptoken|awssecretaccesskey|awssessiontoken|ciaopenaiapikey|openaiapikey/;

/** Instructions smuggled into a question, to override cia's own. */
const INJECTIONS: RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass|skip|discard|abandon) (?:all |any |every |the |of |these |those |your |my )*(?:previous|prior|above|earlier|preceding|former|original|initial|existing|system|safety|security|default|account|channel)? ?(?:instructions?|prompts?|rules|messages?|guidelines|directions|directives|constraints|context|restrictions|filters|guardrails?|polic(?:y|ies)|guards?)\b/,
  /\b(?:ignore|disregard|forget) (?:everything|all|anything|what) (?:above|before|earlier|previously|you (?:were|have been) told)\b/,
  /\b(?:new|updated|real|actual|true|additional|override) (?:instructions?|rules|system prompt|directives?)\s*[:\-=]/,
  /\b(?:you are now|from now on,? you|pretend (?:to be|you are)|roleplay as|role-play as|imagine you are|you will now|you must now) |\bact as (?:an? |the |my )?(?!on-?call)\w|\b(?:switch to|enter|enable|activate) (?:debug|developer|admin|god|unrestricted|maintenance|dev) mode\b/,
  /\b(?:jailbreak|jail-break|dan mode|developer mode|god mode|unfiltered mode|do anything now|no restrictions|without restrictions|unrestricted)\b/,
  /(?:^|\n)\s*(?:system|assistant|developer)\s*[:>]/,
  /<\/?(?:system|instructions?|assistant|user|prompt|memory_context|tool_result|s|im_start|im_end)\b[^>]*>|\[\/?(?:inst|sys)\]|<\|(?:im_start|im_end|system|endoftext)\|>|###\s*(?:instruction|system)/,
  /\b(?:repeat|print|output|echo|recite|reproduce) (?:the |all |everything )?(?:text|words|everything|content|lines?|messages?)? ?(?:above|before this|so far|verbatim|preceding)\b/,
  /\b(?:begin|start) your (?:answer|reply|response) with\b|\brespond only with\b|\banswer only with\b/,
  /\b(?:the (?:user|admin|developer|operator) (?:says|said|wants|has authori[sz]ed)|i am (?:your|the) (?:developer|admin|administrator|creator|operator|owner))\b/,
  /\b(?:call|invoke|use|run|execute) (?:the )?(?:tool|function) (?:named |called )?[\w-]+ with\b/,
  // Spanish, Portuguese, Italian, French, German, Dutch, Russian, Polish, Chinese, Japanese, Korean
  /\b(?:ignora|ignore|olvida|esquece|esqueca|dimentica|oublie|ignoriere|vergiss|negeer|vergeet) (?:\S+ ){0,3}(?:instrucciones|instrucoes|istruzioni|instructions|anweisungen|instructies|reglas|regras|regole|regles|regeln|indicaciones)\b/,
  /(?:игнорируй|забудь|проигнорируй) (?:\S+ ){0,2}(?:инструкции|указания|правила)|\bzignoruj (?:\S+ ){0,2}instrukcje\b/u,
  /忽略.{0,6}(?:指令|指示|说明|规则|提示)|指示を無視|지시를 무시/,
];

/** Asking for a secret's value (cia's own or an account's). "Who read the secret …" is an audit question, not this. */
const SECRETS: RegExp[] = [
  /\b(?:slack_bot_token|slack_signing_secret|slack_app_token|aws_secret_access_key|aws_session_token|aws_access_key_id|cia_openai_api_key|openai_api_key|xox[bpa]-|xapp-)/,
  /\b(?:show|print|reveal|give|tell|send|display|dump|output|list|paste|share|leak|expose|return|read out|what(?:'s| is| are)) (?:me |us )?(?:the |your |its |all |cia'?s |any |every |our |their |his |her |my )?(?:[\w/.:-]+ ){0,3}(?:tokens?|api[ _-]?keys?|secret (?:access )?keys?|secret values?|passwords?|passwd|credentials?|creds|signing secrets?|client secrets?|private keys?|session tokens?|env(?:ironment)? var(?:iable)?s?|environment|ssm parameters?|connection strings?)\b(?! (?:were|was|got|have been|has been) (?:created|rotated|deleted|used|read|accessed|changed|leaked))/,
  /\b(?:value|contents?|plaintext|plain text) of (?:the |a |an |your |our )?(?:[\w/.:-]+ ){0,3}(?:secrets?|tokens?|passwords?|keys?|parameters?)\b/,
  /\bprocess\.env\b|\bprintenv\b|\benv \|/,
];

/** Write requests in other languages: the verb opens the request ("Borra el bucket…", "删除…"). */
const FOREIGN_WRITE = /^(?:por favor,? |bitte,? |s'il (?:te|vous) plait,? |per favore,? |пожалуйста,? |请)?(borra|elimina|eliminar|deten|apaga|apague|exclua|supprime|supprimez|efface|arrete|detruis|losche|loschen|entferne|stoppe|beende|cancella|ferma|verwijder|удали|удалить|останови|выключи|отключи|usun|zatrzymaj|删除|停止|终止|关闭|削除|停止して|삭제)/u;

/** Verbs that change an account when the bot is asked to do them (imperative, not "who deleted…"). */
const WRITE_VERBS = [
  'delete', 'remove', 'terminate', 'stop', 'start', 'reboot', 'restart', 'create', 'launch', 'run', 'kill', 'disable', 'enable',
  'attach', 'detach', 'revoke', 'grant', 'rotate', 'deactivate', 'activate', 'modify', 'change', 'update', 'set', 'put',
  'add', 'open', 'close', 'block', 'unblock', 'purge', 'drop', 'truncate', 'shut', 'scale', 'deploy', 'rollback', 'roll',
  'restore', 'reset', 'isolate', 'quarantine', 'suspend', 'resume', 'upload', 'copy', 'move', 'rename', 'tag', 'untag',
  'share', 'unshare', 'encrypt', 'decrypt', 'fix', 'patch', 'apply', 'install', 'uninstall', 'kick', 'ban', 'lock', 'unlock',
  'wipe', 'erase', 'destroy', 'nuke', 'provision', 'spin', 'allow', 'deny', 'invite', 'assume', 'exec', 'execute',
];
const WRITE_VERB = WRITE_VERBS.join('|');
/** A write request after a linking word, inside a longer text: "…, then terminate all instances". */
const EMBEDDED_WRITE = new RegExp(`(?:^|[.;,:!?]\\s*|\\b(?:and|also|then|now|afterwards|after that|finally)\\s+)(?:please\\s+|pls\\s+|kindly\\s+)?(?:go (?:and\\s+)?|you (?:must|should|need to|have to)\\s+)?(${WRITE_VERB})\\s+(?:the|a|an|all|every|each|this|that|these|those|my|our|it|them|any|i-|sg-|arn:)`);

const POLITE_PREFIX = /^(?:(?:hey|hi|ok|okay|so|now|then|also|cia|@cia)[,!:]?\s+)*(?:(?:please|pls|kindly)\s+)?(?:(?:can|could|would|will) you\s+(?:please\s+)?|i (?:want|need) you to\s+|go (?:and\s+)?|let'?s\s+|you (?:must|should|need to|have to)\s+)?(?:please\s+)?/;

/** Words that anchor a question in the AWS data the bot reads. */
const DOMAIN_WORDS = /\b(aws|account|accounts|prod|production|dev|staging|region|iam|user|users|role|roles|s3|bucket|ec2|instance|instances|security group|vpc|subnet|lambda|function|kms|key|keys|secret|secrets|cloudtrail|trail|api|call|calls|event|events|login|logins|sign-?ins?|console|error|errors|failed|denied|cost|costs|spend|spent|bill|billing|traffic|flow|flows|connection|connections|port|ports|ip|ips|address|guardduty|finding|findings|config|configuration|change|changes|log|logs|cloudwatch|alarm|snapshot|ami|rds|database|ecr|image|images|bedrock|model|quota|quotas|health|macie|inspector|organization|organizations|policy|policies|permission|permissions|access|ssh|rdp|dns|route|network|threat|attack|scan|ddos|vulnerab\w*|public|s3:|arn:|sg-|i-|snap-|ami-)\b/;

const OFF_TOPIC = /\b(poem|poetry|haiku|limerick|song|lyrics|story|stories|joke|jokes|recipe|recipes|cook|cooking|weather|horoscope|novel|essay|riddle|translate|translation|sonnet|rap|meme|movie|movies|football|soccer|basketball|match|dating|love letter|birthday|capital of|president of|homework|fan fiction|fanfic|bedtime|poema|poeme|gedicht|chiste|witz|blague|receta|recette|rezept)\b|詩|诗|笑话|冗談|стих|анекдот/;

export function screenQuestion(question: string): Screening {
  const texts = [question, ...hiddenTexts(question)];
  const found = (patterns: readonly RegExp[], compact: RegExp) => texts.some((text) => matchesAny(patterns, text) || compact.test(compactText(text)));
  if (found(INJECTIONS, COMPACT_INJECTIONS)) return { verdict: 'refuse', category: 'injection', reason: REASONS.injection };
  if (found(PROBES, COMPACT_PROBES)) return { verdict: 'refuse', category: 'probe', reason: REASONS.probe };
  if (found(SECRETS, COMPACT_SECRETS)) return { verdict: 'refuse', category: 'secret', reason: REASONS.secret };
  const write = texts.map(writeVerb).find((verb) => verb !== undefined);
  if (write) {
    return {
      verdict: 'refuse',
      category: 'write',
      reason: `cia only reads: it cannot ${write} anything in your accounts. Ask who did it or what changed instead, e.g. "who ${pastTense(write)} … today?", and make the change through your usual tooling.`,
    };
  }
  const text = plainText(question);
  if (OFF_TOPIC.test(text) && !DOMAIN_WORDS.test(text.replace(OFF_TOPIC, ''))) return { verdict: 'refuse', category: 'off_topic', reason: REASONS.off_topic };
  return { verdict: 'ok' };
}

function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  const plain = plainText(text);
  const folded = foldText(text);
  return patterns.some((pattern) => pattern.test(plain) || pattern.test(folded));
}

/** The write verb a text asks cia to carry out, if any. */
function writeVerb(text: string): string | undefined {
  const plain = plainText(text).replace(/\s+/g, ' ').trim();
  const imperative = plain.replace(POLITE_PREFIX, '');
  const first = /^([a-z]+)/.exec(imperative)?.[1];
  if (first && WRITE_VERBS.includes(first) && !/^(?:start|stop)(?:ed)?\s+(?:at|on|in|from)\b/.test(imperative)) return first;
  return EMBEDDED_WRITE.exec(plain)?.[1] ?? FOREIGN_WRITE.exec(plain)?.[1];
}

function pastTense(verb: string): string {
  if (verb.endsWith('e')) return `${verb}d`;
  if (/(?:stop|drop|ship|shut|ban|spin)$/.test(verb)) return `${verb}${verb.at(-1)}ed`;
  return `${verb}ed`;
}
