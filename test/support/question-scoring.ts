/** Scoring of `cia ask --json` answers, exactly as ../shared/questions/README.md defines it. */

export interface Expectation {
  status: string[];
  all?: string[];
  any?: string[];
  none?: string[];
}

export interface QuestionLine {
  id: string;
  now: string;
  tz?: string;
  question: string;
  session?: string;
  config?: boolean;
  expect: Expectation;
}

export type Verdict = 'correct' | 'wrong' | 'abstained';

const KNOWN_STATUSES = ['answered', 'no_data', 'needs_clarification', 'refused', 'error'];

export function scoreAnswer(output: { status?: unknown; answer?: unknown; rows?: unknown } | undefined, expect: Expectation): Verdict {
  const status = typeof output?.status === 'string' && KNOWN_STATUSES.includes(output.status) ? output.status : 'error';
  const answer = typeof output?.answer === 'string' ? output.answer.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1') : '';
  const text = `${answer}\n${JSON.stringify(Array.isArray(output?.rows) ? output.rows : [])}`.toLowerCase();
  const matches = (expected: string) => {
    const lower = expected.toLowerCase();
    if (/^\d+$/.test(lower)) {
      const plain = text.replace(/(?<=\d),(?=\d{3}(?!\d))/g, '');
      return new RegExp(`(?<![\\p{L}\\p{N}_.:/-])${lower}(?![\\p{L}\\p{N}_:/-]|[.,]\\d)`, 'u').test(plain);
    }
    return text.includes(lower);
  };
  const checksPass = (expect.all ?? []).every(matches) && (!expect.any || expect.any.some(matches)) && !(expect.none ?? []).some(matches);
  if (expect.status.includes(status)) return checksPass ? 'correct' : 'wrong';
  if (status === 'answered') return 'wrong';
  return 'abstained';
}
