/** Reading a question's shape: how many, top N, last N, failed or successful. Pure text rules. */

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, fifty: 50, hundred: 100,
};
const NUMBER = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;

export function numberValue(word: string): number {
  return /^\d+$/.test(word) ? Number(word) : NUMBER_WORDS[word.toLowerCase()] ?? Number.NaN;
}

export function asksCount(text: string): boolean {
  return /\b(how many|how often|number of|count of|count the|total number)\b|^\s*count\b/.test(text);
}

/** "top 5", "five most frequent", "which two IAM users made the most", "most common". */
export function topN(text: string): number | undefined {
  const explicit =
    new RegExp(`\\btop[ -]${NUMBER}\\b`).exec(text) ??
    new RegExp(`\\b${NUMBER}\\s+(?:most|least|biggest|largest|highest|busiest|noisiest|top)\\b`).exec(text) ??
    new RegExp(`\\b(?:which|what|the|show|list|give me)\\s+(?:the\\s+)?${NUMBER}\\s+[a-z]`).exec(text);
  const ranked = /\b(top|most|busiest|noisiest|highest|biggest|largest|heaviest|least)\b/.test(text);
  if (explicit && (ranked || /\bmost\b/.test(text))) return numberValue(explicit[1]!);
  if (ranked) return explicit ? numberValue(explicit[1]!) : 10;
  return undefined;
}

/** "the last 5 events", "latest 10 calls", "most recent event". */
export function lastN(text: string): number | undefined {
  const match = new RegExp(`\\b(?:last|latest|most recent|newest|recent)\\s+${NUMBER}\\b`).exec(text);
  if (match) return numberValue(match[1]!);
  if (/\b(?:the )?(?:last|latest|most recent) (?:event|call|change|login|sign-?in)\b/.test(text)) return 1;
  return undefined;
}

export type Outcome = 'failed' | 'succeeded' | undefined;

const FAILED = /\b(fail(?:ed|ing|ures?|s)?|unsuccessful|denied|errored|erroring|rejected|refused|unauthori[sz]ed|not allowed|throttled|could not|couldn't|cannot|can't|unable to|did not work|didn't work)\b|\b(?:returned|with|had|got|threw|hit|produced|caused) (?:an? |some )?errors?\b/g;
const SUCCEEDED = /\b(succe(?:ss|ssful|ssfully|eded|ed)|worked|went through)\b/g;

/** Failed or succeeded calls; when a text says both (a thread: "… failed …", then "only the successful ones"), the last word wins. */
export function outcome(text: string): Outcome {
  const failed = lastMatchAt(FAILED, text);
  const succeeded = lastMatchAt(SUCCEEDED, text);
  if (failed < 0 && succeeded < 0) return undefined;
  return failed > succeeded ? 'failed' : 'succeeded';
}

function lastMatchAt(pattern: RegExp, text: string): number {
  let at = -1;
  for (const match of text.matchAll(pattern)) at = match.index;
  return at;
}

/** Does the question refer back to the previous answer's rows ("which of them", "those users")? */
export function refersToPreviousRows(text: string): boolean {
  return /\b(?:of them|of those|of these|among them|among those|those (?:users|roles|buckets|ips|instances|accounts|ones|keys|identities)|these (?:users|roles|buckets|ips|instances|accounts|ones)|them)\b/.test(text);
}

/** A short question that only changes part of the previous one ("and yesterday?", "only in dev"). */
export function looksLikeFollowUp(text: string): boolean {
  return /^(?:and|but|also|what about|how about|same|only|just|now|then|ok(?:ay)?,?|and what about|what if)\b/.test(text.trim()) || refersToPreviousRows(text);
}
