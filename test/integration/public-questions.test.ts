import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli as cia } from '../support/run-cli.js';
import { scoreAnswer, type QuestionLine, type Verdict } from '../support/question-scoring.js';

const SHARED = join(process.cwd(), '..', 'shared');
const QUESTIONS: QuestionLine[] = readFileSync(join(SHARED, 'questions', 'public.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const CONFIG = join(SHARED, 'questions', 'real-lake.config.yaml');

describe('the public questions about the real CloudTrail lake (../shared/questions)', () => {
  let lake: string;
  let dataDir: string;
  const verdicts = new Map<string, Verdict>();

  beforeAll(async () => {
    lake = mkdtempSync(join(tmpdir(), 'cia-public-lake-'));
    dataDir = mkdtempSync(join(tmpdir(), 'cia-public-data-'));
    process.env.CIA_DATA_DIR = dataDir;
    for (const folder of ['invictus', 'flaws2', 'stratus']) {
      const dir = join(SHARED, 'data', 'real', 'cloudtrail', folder);
      const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
      const { code } = await cia(['lake', 'import', 'cloudtrail', ...files, '--lake', lake]);
      expect(code).toBe(0);
    }
  }, 120_000);

  afterAll(() => {
    delete process.env.CIA_DATA_DIR;
    rmSync(lake, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    const counts = { correct: 0, wrong: 0, abstained: 0 };
    for (const verdict of verdicts.values()) counts[verdict] += 1;
    // The figure the README reports.
    console.log(`public: ${counts.correct}/${QUESTIONS.length} correct, ${counts.wrong} wrong, ${counts.abstained} abstained`);
  });

  const startedSessions = new Set<string>();
  const runId = Date.now().toString(36);

  it.each(QUESTIONS.map((q) => [q.id, q] as const))('%s', async (_id, q) => {
    const args = ['ask', '--json', '--lake', lake, '--now', q.now, '--tz', q.tz ?? 'UTC'];
    if (q.config !== false) args.push('--config', CONFIG);
    if (q.session) {
      args.push('--session', `public-${runId}-${q.session}`);
      if (!startedSessions.has(q.session)) args.push('--new');
      startedSessions.add(q.session);
    }
    const { code, stdout } = await cia([...args, q.question]);
    expect(code).toBe(0);
    const output = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const verdict = scoreAnswer(output, q.expect);
    verdicts.set(q.id, verdict);
    // Never a wrong answer; an abstention is allowed (the suite needs >= 90% correct overall).
    expect({ id: q.id, verdict, status: output.status, answer: output.answer }).toEqual(expect.objectContaining({ verdict: expect.not.stringMatching(/^wrong$/) }));
  }, 60_000);

  it('answers at least 90% correctly', () => {
    const correct = [...verdicts.values()].filter((v) => v === 'correct').length;
    expect(correct / QUESTIONS.length).toBeGreaterThanOrEqual(0.9);
  });
});
