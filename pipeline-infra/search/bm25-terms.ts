/**
 * How the embedded BM25 indexes (MiniSearch) cut text into terms: symbols split words too
 * (MiniSearch's default keeps the backticks of `aws …` on the word), and stop words and single
 * characters are left out.
 */

const WORD_SEPARATORS = /[\s\p{Z}\p{P}\p{S}]+/u;
const STOP_WORDS = new Set(
  `a about after again all also am an and any are as at be been before being both but by can could did do does doing down during each few for from
  further had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not of off on once only or other
  our ours out over own same she should so some such than that the their theirs them then there these they this those through to too under until up
  very was we were what when where which while who whom why will with would you your yours`.split(/\s+/),
);

/** MiniSearch's `tokenize`. */
export function words(text: string): string[] {
  return text.split(WORD_SEPARATORS).filter((word) => word.length > 0);
}

/** MiniSearch's `processTerm`: lower case; null drops the term. */
export function searchTerm(term: string): string | null {
  const lower = term.toLowerCase();
  return lower.length < 2 || STOP_WORDS.has(lower) ? null : lower;
}
