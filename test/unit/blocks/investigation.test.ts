import type { KnownBlock, TableBlock } from '@slack/types';
import type { InvestigationResult, QueryRecord } from '../../../agents/result.js';
import { ACTION_IDS } from '../../../blocks/action-ids.js';
import { answerMessages } from '../../../blocks/investigation/answer.js';
import { errorMessage } from '../../../blocks/investigation/error.js';
import { progressMessage, type ProgressStep, type ProgressView } from '../../../blocks/investigation/progress.js';
import { rootMessage } from '../../../blocks/investigation/root.js';
import { sqlMessage } from '../../../blocks/investigation/sql.js';
import { SLACK_LIMITS } from '../../../blocks/limits.js';
import { buttonsOf, expectAccepted, tables, visibleText } from './expect-slack.js';

const INVESTIGATION_ID = '7f1c2a9e-4b1d-4c8e-9a51-0d2f6b3e8c11';
const HOSTILE = 'a < b && c > d <!channel> <@U999>';

function query(overrides: Partial<QueryRecord> = {}): QueryRecord {
  return { source: 'cloudtrail', engine: 'duckdb', sql: 'SELECT eventname FROM cloudtrail_logs WHERE day >= 1 LIMIT 100', row_count: 2, ms: 830, bytes_scanned: 1_234_567, ...overrides };
}

function result(overrides: Partial<InvestigationResult> = {}): InvestigationResult {
  return {
    status: 'answered',
    answer: '**2 events** of EC2 instances stopped in prod last week.',
    session_id: 's-1',
    sources: ['cloudtrail'],
    scope: { accounts: ['111122223333'], regions: ['eu-west-1'], from: '2023-07-10T00:00:00.000Z', to: '2023-07-17T00:00:00.000Z' },
    queries: [query()],
    rows: [
      { eventtime: '2023-07-11T09:00:00Z', caller_name: 'alice', eventname: 'StopInstances' },
      { eventtime: '2023-07-12T10:00:00Z', caller_name: 'bob', eventname: 'TerminateInstances' },
    ],
    timings: { total_ms: 1400 },
    tokens: { input: 1200, output: 80 },
    model: 'bedrock:us.anthropic.claude-sonnet-4-20250514-v1:0',
    cost_usd: 0.0048,
    ...overrides,
  };
}

const answer = (overrides: Partial<InvestigationResult> = {}, timeZone = 'UTC') =>
  answerMessages({ result: result(overrides), question: 'who stopped EC2 in prod last week?', timeZone, investigationId: INVESTIGATION_ID });

const allBlocks = (messages: { blocks: KnownBlock[] }[]) => messages.flatMap((m) => m.blocks);
const tableOf = (messages: { blocks: KnownBlock[] }[]) => allBlocks(messages).find((b): b is TableBlock => b.type === 'table');

describe('rootMessage', () => {
  it('says who asked what, with the flags small', () => {
    const root = rootMessage({ userId: 'U123', question: 'are any S3 buckets public?', flags: ['--new', '--notboring'] });
    expectAccepted(root);
    expect(root.blocks[0]).toMatchObject({ type: 'section', text: { text: ':mag: <@U123> asked: *are any S3 buckets public?*' } });
    expect(root.blocks[1]).toMatchObject({ type: 'context' });
    expect(visibleText(root.blocks)).toContain('--notboring');
  });

  it('escapes user text and cuts a long question but keeps it bold', () => {
    const long = rootMessage({ userId: 'U123', question: `${HOSTILE} 🚀 Zürich ${'x'.repeat(5_000)}`, flags: [] });
    expectAccepted(long);
    const text = (long.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toContain('a &lt; b &amp;&amp; c &gt; d &lt;!channel&gt; &lt;@U999&gt; 🚀 Zürich');
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text.endsWith('…*')).toBe(true);
    expect(long.blocks).toHaveLength(1);
    expect(long.text).not.toContain('<!channel>');
  });

  it('shows a 300-character question whole', () => {
    const question = `${'why '.repeat(74)}ok?`;
    const root = rootMessage({ userId: 'U123', question, flags: [] });
    expectAccepted(root);
    expect(visibleText(root.blocks)).toContain(`*${question}*`);
  });

  it('never splits an escaped entity when cutting', () => {
    const root = rootMessage({ userId: 'U1', question: '&'.repeat(3_000), flags: [] });
    expectAccepted(root);
    expect((root.blocks[0] as { text: { text: string } }).text.text).toMatch(/(&amp;)+…\*$/);
  });
});

describe('progressMessage', () => {
  const steps = (n: number, type: ProgressStep['type'] = 'status'): ProgressStep[] =>
    Array.from({ length: n }, (_, i) => ({ type, message: `Step ${i + 1}: querying cloudtrail_logs ${'…'.repeat(i % 3)}`, source: 'cloudtrail', at: 1000 + i }));

  it('shows done steps, the current one, guard interventions and errors', () => {
    const view: ProgressView = {
      state: 'running', startedAt: 0, scope: 'prod (111122223333) · eu-west-1 · 2023-07-10 00:00 UTC → 2023-07-17 00:00 UTC',
      steps: [
        { type: 'status', message: 'Question understood', at: 1 },
        { type: 'guard', message: 'Row limit applied: at most 100 rows', source: 'cloudtrail', at: 2 },
        { type: 'error', message: 'cloudwatch timed out', source: 'cloudwatch', at: 3 },
        { type: 'status', message: 'Querying cloudtrail', source: 'cloudtrail', at: 4 },
      ],
    };
    const message = progressMessage(view);
    expectAccepted(message);
    const checklist = (message.blocks[0] as { text: { text: string } }).text.text.split('\n');
    expect(checklist).toEqual([
      '✓ Question understood',
      '⚑ Guard: Row limit applied: at most 100 rows _(cloudtrail)_',
      '✗ cloudwatch timed out',
      '⏳ Querying cloudtrail',
    ]);
    expect(visibleText(message.blocks)).toContain('Scope: prod (111122223333) · eu-west-1 · 2023-07-10 00:00 UTC → 2023-07-17 00:00 UTC');
    expect(message.text).toContain('Querying cloudtrail');
  });

  it('ends ✅ with the duration, or ❌ with the duration and the reason', () => {
    const done = progressMessage({ state: 'done', steps: steps(3), startedAt: 1000, endedAt: 2400 });
    expectAccepted(done);
    expect(visibleText(done.blocks)).not.toContain('⏳');
    expect(visibleText(done.blocks)).toContain('✅ Answered in 1.4 s');
    expect(done.text).toBe('✅ Answered in 1.4 s');

    const failed = progressMessage({ state: 'failed', steps: [], startedAt: 0, endedAt: 2100, failure: 'Athena said <nope> & gave up' });
    expectAccepted(failed);
    expect(failed.text).toBe('❌ Failed after 2.1 s: Athena said &lt;nope&gt; &amp; gave up');
  });

  it('a fast answer may go straight to ✅ without steps', () => {
    const message = progressMessage({ state: 'done', steps: [], startedAt: 0, endedAt: 300 });
    expectAccepted(message);
    expect(message.blocks).toHaveLength(1);
  });

  it('collapses old steps so 60 long steps stay within a section', () => {
    const many = steps(60).map((s) => ({ ...s, message: `${s.message} ${'detail '.repeat(60)} 🚀 ${HOSTILE}` }));
    const message = progressMessage({ state: 'running', steps: many, startedAt: 0 });
    expectAccepted(message);
    const text = (message.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toMatch(/^…and \d+ earlier steps\n/);
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(text).toContain('Step 60');
    expect(text).not.toContain('<!channel>');
    const hidden = Number(/^…and (\d+)/.exec(text)![1]);
    expect(hidden + text.split('\n').length - 1).toBe(60);
  });

  it('--notboring words the same facts playfully, the same way every time', () => {
    const view: ProgressView = { state: 'done', steps: steps(6), startedAt: 0, endedAt: 1400, notBoring: true };
    const fun = progressMessage(view);
    expectAccepted(fun);
    expect(progressMessage(view)).toEqual(fun);
    const lines = (fun.blocks[0] as { text: { text: string } }).text.text.split('\n');
    lines.forEach((line, i) => expect(line).toContain(`Step ${i + 1}: querying cloudtrail_logs`));
    expect(lines[1]).toContain('🕵️ Dusting cloudtrail for fingerprints…');
    expect(fun.text).toBe('🎯 Got it in 1.4 s');
    expect(progressMessage({ ...view, state: 'failed', failure: 'timeout', endedAt: 2100 }).text).toContain('after 2.1 s: timeout');
  });
});

describe('answerMessages', () => {
  it('answers with a summary, the evidence table, the receipt and the buttons in one message', () => {
    const messages = answer();
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expectAccepted(message!);
    expect(message!.blocks.map((b) => b.type)).toEqual(['markdown', 'table', 'section', 'actions']);
    const evidence = tableOf(messages)!;
    expect(evidence.rows[0]!.map((cell) => (cell as { text: string }).text)).toEqual(['eventtime', 'caller_name', 'eventname']);
    expect(evidence.rows).toHaveLength(3);
    expect(message!.text).toContain('who stopped EC2 in prod last week?');
  });

  it('puts the five buttons on it, each carrying only the investigation id', () => {
    const buttons = buttonsOf(answer()[0]!.blocks);
    expect(buttons.map((b) => b.action_id)).toEqual([ACTION_IDS.showSql, ACTION_IDS.rerun, ACTION_IDS.newSession, ACTION_IDS.feedbackUp, ACTION_IDS.feedbackDown]);
    for (const b of buttons) expect(b.value).toBe(INVESTIGATION_ID);
  });

  it('the receipt gives sources, engine, rows, bytes, duration, tokens, accounts, regions and the time range in the asker’s zone', () => {
    const receipt = visibleText(answer({}, 'Europe/Berlin')[0]!.blocks);
    for (const fact of ['cloudtrail', 'duckdb', '*Rows*\\n2', '1.2 MB', '1.4 s', '1,200 in · 80 out · ≈ $0.0048', '111122223333', 'eu-west-1']) expect(receipt).toContain(fact);
    expect(receipt).toContain('2023-07-10 02:00 GMT+2 → 2023-07-17 02:00 GMT+2');
    expect(visibleText(answer({}, 'UTC')[0]!.blocks)).toContain('2023-07-10 00:00 UTC → 2023-07-17 00:00 UTC');
  });

  it('gives the tokens without a cost where the model\'s price is unknown', () => {
    const receipt = visibleText(answer({ model: 'openai:llama3.1', cost_usd: null })[0]!.blocks);
    expect(receipt).toContain('1,200 in · 80 out');
    expect(receipt).not.toContain('$');
  });

  it('leaves out unknown bytes and zero tokens, and says when a query was capped', () => {
    const receipt = visibleText(answer({ queries: [query({ bytes_scanned: null, capped: true, row_count: 100 })], tokens: { input: 0, output: 0 }, model: 'offline-planner', cost_usd: 0 })[0]!.blocks);
    expect(receipt).not.toContain('Scanned');
    expect(receipt).not.toContain('Tokens');
    expect(receipt).toContain('query capped at 100 rows');
    expect(visibleText(answer()[0]!.blocks)).not.toContain('capped');
  });

  it('no_data: summary, "No matching rows", receipt and buttons, no table', () => {
    const messages = answer({ status: 'no_data', answer: 'No EC2 stops found in prod last week.', rows: [], queries: [query({ row_count: 0 })] });
    expect(messages).toHaveLength(1);
    expectAccepted(messages[0]!);
    expect(tables(messages[0]!.blocks)).toBe(0);
    const text = visibleText(messages[0]!.blocks);
    expect(text).toContain('No matching rows');
    expect(text).toContain('Time range');
    expect(buttonsOf(messages[0]!.blocks)).toHaveLength(5);
  });

  it('needs_clarification: the planner\'s question back with its example phrasings, no receipt or buttons', () => {
    const [message, ...rest] = answer({ status: 'needs_clarification', answer: 'Which account do you mean?\n\nTry for example:\n• who stopped or terminated EC2 instances in prod last week?', rows: [], queries: [] });
    expect(rest).toHaveLength(0);
    expectAccepted(message!);
    const text = visibleText(message!.blocks);
    expect(text).toContain('Which account do you mean?');
    expect(text).toContain('who stopped or terminated EC2 instances in prod last week?');
    expect(text).not.toContain('Time range');
    expect(buttonsOf(message!.blocks)).toHaveLength(0);
  });

  it('refused: a clear refusal, no receipt and no SQL', () => {
    const [message, ...rest] = answer({ status: 'refused', answer: 'cia only reads; it cannot terminate instances.', rows: [], queries: [] });
    expect(rest).toHaveLength(0);
    expectAccepted(message!);
    const text = visibleText(message!.blocks);
    expect(text).toContain(":no_entry: *cia won't do this one.*");
    expect(text).not.toContain('Time range');
    expect(text).not.toContain('SELECT');
    expect(buttonsOf(message!.blocks)).toHaveLength(0);
  });

  it('error: the failure with a Retry button', () => {
    const messages = answer({ status: 'error', answer: 'the query engine did not answer', rows: [], queries: [] });
    expect(messages).toHaveLength(1);
    expectAccepted(messages[0]!);
    expect(visibleText(messages[0]!.blocks)).toContain(':x: The investigation failed: the query engine did not answer');
    expect(buttonsOf(messages[0]!.blocks).map((b) => [b.action_id, b.value])).toEqual([[ACTION_IDS.retry, INVESTIGATION_ID]]);
  });

  it('150 rows × 25 columns: one table of at most 100 rows × 20 cells, and a note on what was left out', () => {
    const columns = Array.from({ length: 25 }, (_, c) => `column_${c}`);
    const rows = Array.from({ length: 150 }, (_, r) => Object.fromEntries(columns.map((c, i) => [c, i === 3 ? { nested: { r, tags: ['a', 'b'] } } : `${r}-${i}`])));
    const messages = answer({ rows });
    for (const message of messages) expectAccepted(message);
    expect(messages.reduce((n, m) => n + tables(m.blocks), 0)).toBe(1);
    const evidence = tableOf(messages)!;
    expect(evidence.rows.length).toBeLessThanOrEqual(SLACK_LIMITS.tableRows);
    expect(evidence.rows.every((row) => row.length === SLACK_LIMITS.tableCells)).toBe(true);
    expect((evidence.rows[1]![3] as { text: string }).text).toMatch(/^\{"nested":\{"r":0,"tags":\[/);
    const shownRows = evidence.rows.length - 1;
    expect(visibleText(allBlocks(messages))).toContain(`Showing ${shownRows} of 150 rows and 20 of 25 columns`);
    expect(visibleText(allBlocks(messages))).toContain('`cia ask --json` gives all');
  });

  it('columns are the union of row keys in the order rows first name them', () => {
    const evidence = tableOf(answer({ rows: [{ a: 1, b: 2 }, { c: 3, a: 4 }, { d: null }] }))!;
    expect(evidence.rows.map((row) => row.map((cell) => (cell as { text: string }).text))).toEqual([
      ['a', 'b', 'c', 'd'], ['1', '2', '—', '—'], ['4', '—', '3', '—'], ['—', '—', '—', '—'],
    ]);
  });

  it('cuts huge cells and still fits the message', () => {
    const rows = Array.from({ length: 120 }, (_, r) => ({ id: r, policy: { Statement: 'x'.repeat(5_000) }, note: `émoji 🚀 ${HOSTILE}` }));
    const messages = answer({ rows });
    for (const message of messages) expectAccepted(message);
    expect(visibleText(allBlocks(messages))).toContain('long values are cut');
  });

  it('a 20,000-character answer is cut visibly and the evidence continues in another message', () => {
    const rows = Array.from({ length: 100 }, (_, r) => ({ id: `i-${String(r).padStart(17, '0')}`, who: 'alice', what: 'StopInstances' }));
    const messages = answer({ answer: `${'Lorem ipsum dolor sit amet 🚀 Zürich. '.repeat(530)}THE END`, rows });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expectAccepted(message);
    const summary = messages[0]!.blocks[0] as { type: string; text: string };
    expect(summary.type).toBe('markdown');
    expect(summary.text.length).toBeLessThanOrEqual(SLACK_LIMITS.markdownText);
    expect(summary.text.endsWith('…(cut)')).toBe(true);
    for (const later of messages.slice(1)) {
      expect(visibleText(later.blocks.slice(0, 1))).toContain('continued');
      expect(later.text).toContain('(continued)');
    }
    expect(messages.reduce((n, m) => n + tables(m.blocks), 0)).toBe(1);
    expect(buttonsOf(messages[messages.length - 1]!.blocks)).toHaveLength(5);
  });

  it('warns about names in the summary that no evidence backs', () => {
    expect(visibleText(answer({ ungrounded: ['i-0abc'] })[0]!.blocks)).toContain('Not in the evidence or the question: i-0abc');
  });

  it('keeps long account and region lists short, escaped and counted', () => {
    const accounts = Array.from({ length: 200 }, (_, i) => String(100000000000 + i));
    const messages = answer({ scope: { accounts, regions: ['<script>'], from: null, to: null } });
    for (const message of messages) expectAccepted(message);
    const text = visibleText(allBlocks(messages));
    expect(text).toMatch(/\+\d+ more/);
    expect(text).toContain('&lt;script&gt;');
    expect(text).toContain('no time limit');
  });
});

describe('errorMessage', () => {
  it('says why, offers Retry with the id and a hint', () => {
    const message = errorMessage({ reason: `boom ${HOSTILE} ${'r'.repeat(5_000)}`, investigationId: INVESTIGATION_ID });
    expectAccepted(message);
    const text = visibleText(message.blocks);
    expect(text).toContain(':x: The investigation failed: boom a &lt; b');
    expect(text).toContain('/cia health');
    expect(buttonsOf(message.blocks)).toEqual([expect.objectContaining({ action_id: ACTION_IDS.retry, value: INVESTIGATION_ID })]);
  });
});

describe('sqlMessage', () => {
  it('shows each query in a code block with its source, engine, rows and time', () => {
    const message = sqlMessage({ queries: [query({ sql: 'SELECT * FROM t WHERE a < 3 AND b > 1 AND c <> \'&\'' }), query({ source: 'flowlogs', engine: 'athena', row_count: 1, ms: 12, bytes_scanned: null, capped: true })] });
    expectAccepted(message);
    const text = visibleText(message.blocks);
    expect(text).toContain('```\\nSELECT * FROM t WHERE a &lt; 3 AND b &gt; 1 AND c &lt;&gt; \'&amp;\'\\n```');
    expect(text).toContain('*cloudtrail* · duckdb · 2 rows · 830 ms · 1.2 MB scanned');
    expect(text).toContain('*flowlogs* · athena · 1 row · 12 ms · capped at 1 rows');
  });

  it('cuts long SQL and many queries to fit, and says how many were left out', () => {
    const queries = Array.from({ length: 30 }, (_, i) => query({ sql: `SELECT ${i}, ${'col, '.repeat(2_000)} x FROM big` }));
    const message = sqlMessage({ queries });
    expectAccepted(message);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(visibleText(message.blocks)).toContain('…and 20 more');
    for (const block of message.blocks) if (block.type === 'section') expect(block.text!.text).toMatch(/^(```\n[\s\S]*\n```|\*The SQL)/);
  });

  it('says so when nothing was run', () => {
    expectAccepted(sqlMessage({ queries: [] }));
  });
});
