import {
  actions, button, codeSection, context, cutVisibly, escapeWithin, fields, header, markdown, section, splitIntoMessages, table, textLength,
} from '../../../blocks/builders.js';
import { healthBlocks } from '../../../blocks/health.js';
import { helpBlocks } from '../../../blocks/help.js';
import { SLACK_LIMITS } from '../../../blocks/limits.js';
import { truncate } from '../../../blocks/text.js';
import { EXAMPLE_QUESTIONS, FLAGS, SUBCOMMANDS } from '../../../bot/commands/cia-command.js';
import { validateBlocks } from '../../../bot/sandbox/emulator/block-kit-validator.js';

describe('truncate', () => {
  it('keeps text at the limit and cuts longer text with a visible ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
  });

  it('never splits an emoji in half', () => {
    const cut = truncate('ab😀cd', 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).toBe('ab…');
  });
});

describe('block builders clamp to Slack limits', () => {
  it('cuts header, section, field and markdown text to their limits', () => {
    expect((header('h'.repeat(500)).text.text).length).toBe(SLACK_LIMITS.headerText);
    expect((section('s'.repeat(5000)).text!.text).length).toBe(SLACK_LIMITS.sectionText);
    expect(fields([['label', 'v'.repeat(5000)]]).fields![0]!.text.length).toBe(SLACK_LIMITS.sectionFieldText);
    expect(markdown('m'.repeat(20_000)).text.length).toBe(SLACK_LIMITS.markdownText);
  });

  it('keeps at most 10 fields, 10 context elements and 25 buttons', () => {
    expect(fields(Array.from({ length: 12 }, (_, i) => [`k${i}`, 'v'] as [string, string])).fields).toHaveLength(10);
    expect(context(Array.from({ length: 12 }, (_, i) => `c${i}`)).elements).toHaveLength(10);
    expect(actions(Array.from({ length: 30 }, (_, i) => button(`b${i}`, `a${i}`))).elements).toHaveLength(25);
  });

  it('cuts button text, value and action ids', () => {
    const b = button('t'.repeat(100), 'a'.repeat(300), { value: 'v'.repeat(3000) });
    expect(b.text.text.length).toBe(SLACK_LIMITS.buttonText);
    expect(b.action_id!.length).toBe(SLACK_LIMITS.actionId);
    expect(b.value!.length).toBe(SLACK_LIMITS.buttonValue);
  });

  it('builds tables of at most 100 rows and 20 columns and says what it left out', () => {
    const columns = Array.from({ length: 25 }, (_, i) => `c${i}`);
    const rows = Array.from({ length: 150 }, (_, r) => columns.map((_, c) => (c === 1 ? null : `${r}:${c}`)));
    const { block, omittedRows, omittedColumns } = table(columns, rows);
    expect(block.rows).toHaveLength(SLACK_LIMITS.tableRows);
    expect(block.rows.every((row) => row.length === SLACK_LIMITS.tableCells)).toBe(true);
    expect(omittedRows).toBe(51);
    expect(omittedColumns).toBe(5);
    expect(block.rows[1]![1]).toEqual({ type: 'raw_text', text: '—' });
  });

  it('produces blocks Slack accepts even from oversized input', () => {
    const blocks = [header('h'.repeat(500)), section('s'.repeat(5000), { accessory: button('x'.repeat(90), 'go') }), fields([['a', 'b'.repeat(3000)]])];
    expect(validateBlocks(blocks, 'message')).toEqual({ ok: true });
  });
});

describe('help and health messages', () => {
  const help = helpBlocks({ command: '/cia', botName: 'cia', subcommands: SUBCOMMANDS, flags: FLAGS, examples: EXAMPLE_QUESTIONS });

  it('help lists every sub-command and option and passes Slack validation', () => {
    const text = JSON.stringify(help.blocks);
    for (const s of SUBCOMMANDS) expect(text).toContain(`/cia ${s.usage}`);
    for (const f of FLAGS) expect(text).toContain(f.flag);
    expect(validateBlocks(help.blocks, 'message')).toEqual({ ok: true });
    expect(help.text).toContain('/cia <question>');
  });

  it('help puts a notice first when there is one', () => {
    const withNotice = helpBlocks({ command: '/cia', botName: 'cia', subcommands: SUBCOMMANDS, flags: FLAGS, examples: EXAMPLE_QUESTIONS, notice: 'Unknown option --x' });
    expect(JSON.stringify(withNotice.blocks[0])).toContain('Unknown option --x');
  });

  it('health says which dependencies are down', () => {
    const down = healthBlocks([{ name: 'session store', up: true, ms: 4 }, { name: 'query engine', up: false, ms: 2000, error: 'no answer within 2000 ms' }], new Date(0));
    expect(down.text).toBe('cia health: 1 of 2 down: query engine');
    expect(JSON.stringify(down.blocks)).toContain('no answer within 2000 ms');
    expect(healthBlocks([{ name: 'session store', up: true, ms: 4 }], new Date(0)).text).toBe('cia health: All systems up');
  });
});

describe('builders for long and hostile text', () => {
  it('cutVisibly says "(cut)" and keeps text that fits', () => {
    expect(cutVisibly('short', 10)).toBe('short');
    const cut = cutVisibly('x'.repeat(100), 20);
    expect(cut).toHaveLength(20);
    expect(cut.endsWith('…(cut)')).toBe(true);
  });

  it('escapeWithin escapes, then cuts to the escaped length without breaking an entity', () => {
    expect(escapeWithin('a<b>&c', 100)).toBe('a&lt;b&gt;&amp;c');
    const cut = escapeWithin('&'.repeat(100), 23);
    expect(cut).toBe(`${'&amp;'.repeat(4)}…`);
    expect(escapeWithin('ab😀cd', 4)).toBe('ab…');
  });

  it('codeSection keeps its fences closed however long the code', () => {
    const code = codeSection(`SELECT '<&>' ${'x'.repeat(5_000)}`).text!.text;
    expect(code.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(code.startsWith("```\nSELECT '&lt;&amp;&gt;'")).toBe(true);
    expect(code.endsWith('…\n```')).toBe(true);
  });

  it('table fits a text budget: shorter cells first, then fewer rows', () => {
    const rows = Array.from({ length: 99 }, (_, r) => [r, 'v'.repeat(200), { nested: true }]);
    const shortened = table(['id', 'long', 'json'], rows, { maxTextLength: 9_000 });
    expect(shortened.omittedRows).toBe(0);
    expect(shortened.cutCells).toBe(99);
    expect(textLength([shortened.block])).toBeLessThanOrEqual(9_000);
    expect(shortened.block.rows[1]![2]).toEqual({ type: 'raw_text', text: '{"nested":true}' });

    const fewer = table(['id', 'long'], rows, { maxTextLength: 1_000 });
    expect(fewer.omittedRows).toBeGreaterThan(0);
    expect(textLength([fewer.block])).toBeLessThanOrEqual(1_000);
    expect(fewer.block.rows.length - 1 + fewer.omittedRows).toBe(99);
  });

  it('splitIntoMessages keeps each message within Slack limits and marks continuations', () => {
    const continued = context(['continued']);
    const big = () => markdown('m'.repeat(7_000));
    const tableBlock = table(['a'], [[1]]).block;
    const messages = splitIntoMessages([big(), big(), tableBlock, tableBlock, ...Array.from({ length: 60 }, () => section('s'))], continued);
    expect(messages.length).toBeGreaterThanOrEqual(4);
    messages.forEach((blocks, i) => {
      expect(validateBlocks(blocks, 'message')).toEqual({ ok: true });
      expect(blocks[0] === continued).toBe(i > 0);
    });
    expect(splitIntoMessages([], continued)).toEqual([]);
  });
});
