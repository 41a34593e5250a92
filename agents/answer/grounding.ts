/**
 * The grounding check (DESIGN §3.4): every identifier and number in an answer must appear in the
 * evidence (rows, the question, or the stated scope). Deterministic; runs in every mode.
 */

const TOKEN_PATTERNS: RegExp[] = [
  /\barn:aws[\w-]*:[^\s,;)"'`]+/g,
  /\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?\b/g,
  /\b(?:sg|i|vpc|subnet|vol|snap|ami|eni|igw|nat|rtb|acl)-[0-9a-f]{6,}\b/g,
  /\b\d{12}\b/g,
  /(?<![\w.:/-])\d+(?:[.,]\d+)*(?![\w:/-])/g,
  /`([^`]{2,200})`/g,
];

/** Numbers that need no evidence: list markers and small ordinals. */
const TRIVIAL_NUMBER = /^(?:[0-9]|10)$/;

export function ungroundedTokens(answer: string, evidence: { rows: unknown[]; question: string; scope: string }): string[] {
  const haystack = normalize(`${JSON.stringify(evidence.rows)}\n${evidence.question}\n${evidence.scope}`);
  const evidenceNumbers = (haystack.match(/-?\d+\.\d+/g) ?? []).map(Number);
  const missing = new Set<string>();
  for (const pattern of TOKEN_PATTERNS) {
    for (const match of answer.matchAll(pattern)) {
      const token = (match[1] ?? match[0]).replace(/[.,]+$/, '');
      if (TRIVIAL_NUMBER.test(token)) continue;
      const plain = normalize(token).replace(/,(?=\d{3}\b)/g, '');
      if (haystack.includes(plain)) continue;
      // A rounded figure ("123.46") is grounded by the exact value it rounds.
      const decimals = /^\d+\.(\d+)$/.exec(plain)?.[1]?.length;
      if (decimals && evidenceNumbers.some((n) => n.toFixed(decimals) === plain)) continue;
      missing.add(token);
    }
  }
  return [...missing];
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/\\\//g, '/');
}
