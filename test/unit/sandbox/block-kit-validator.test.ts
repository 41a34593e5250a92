import { describe, expect, it } from '@jest/globals';
import { validateBlocks } from '../../../bot/sandbox/emulator/block-kit-validator.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string) => ({ type: 'section', text: mrkdwn(text) });
const divider = () => ({ type: 'divider' });
const button = (index: number, text = `Run ${index}`) => ({
  type: 'button',
  action_id: `run_${index}`,
  text: plain(text),
  value: `check-${index}`,
});
const rawText = (text: string) => ({ type: 'raw_text', text });
const table = (rowCount: number, cellCount: number) => ({
  type: 'table',
  rows: Array.from({ length: rowCount }, (_, row) =>
    Array.from({ length: cellCount }, (_, cell) => rawText(`${row}.${cell}`)),
  ),
});
const repeat = (count: number, make: () => object) => Array.from({ length: count }, make);

function realisticMessage() {
  return [
    { type: 'header', text: plain('Investigation: S3 buckets open to the world') },
    {
      type: 'section',
      block_id: 'summary',
      text: mrkdwn('*3 findings* in account `123456789012`'),
      fields: [mrkdwn('*Region*\neu-west-1'), mrkdwn('*Severity*\nHigh'), plain('Buckets: 3')],
      accessory: { ...button(0, 'Open report'), url: 'https://example.com/report', style: 'primary' },
    },
    {
      type: 'context',
      elements: [
        { type: 'image', image_url: 'https://example.com/aws.png', alt_text: 'AWS' },
        mrkdwn('Asked by <@U123> · took 42s'),
      ],
    },
    divider(),
    {
      type: 'table',
      column_settings: [{ align: 'right', is_wrapped: true }],
      rows: Array.from({ length: 100 }, (_, row) =>
        Array.from({ length: 20 }, (_, cell) =>
          cell === 1 ? { type: 'raw_number', value: row, text: String(row) } : rawText(`${row}.${cell}`),
        ),
      ),
    },
    { type: 'actions', block_id: 'next_steps', elements: Array.from({ length: 25 }, (_, index) => button(index)) },
    { type: 'markdown', text: '## Next steps\n1. Block public access\n2. Review bucket policies' },
  ];
}

const invalid = (...messages: string[]) => ({ ok: false, error: 'invalid_blocks', messages });

describe('validateBlocks', () => {
  describe('valid payloads', () => {
    it('accepts a realistic message with every common block type at its limits', () => {
      expect(validateBlocks(realisticMessage(), 'message')).toEqual({ ok: true });
    });

    it('accepts the JSON encoding Slack receives in form-encoded calls', () => {
      expect(validateBlocks(JSON.stringify(realisticMessage()), 'message')).toEqual({ ok: true });
    });

    it('accepts a rich_text block and a table with rich_text cells', () => {
      const richText = { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'hi' }] }] };
      expect(validateBlocks([richText, { type: 'table', rows: [[richText, rawText('x')]] }], 'message')).toEqual({ ok: true });
    });
  });

  describe('block count and types', () => {
    it('accepts 50 blocks in a message and rejects 51 with the pointer to /blocks', () => {
      expect(validateBlocks(repeat(50, divider), 'message')).toEqual({ ok: true });
      expect(validateBlocks(repeat(51, divider), 'message')).toEqual(
        invalid('[ERROR] must be less than 51 items [json-pointer:/blocks]'),
      );
    });

    it('accepts 100 blocks and an input block in a modal and on Home, rejects 101', () => {
      const input = { type: 'input', label: plain('Account'), element: { type: 'plain_text_input', action_id: 'account' } };
      const blocks = [input, ...repeat(99, divider)];
      expect(validateBlocks(blocks, 'modal')).toEqual({ ok: true });
      expect(validateBlocks(blocks, 'home')).toEqual({ ok: true });
      expect(validateBlocks([...blocks, divider()], 'modal')).toEqual(
        invalid('[ERROR] must be less than 101 items [json-pointer:/blocks]'),
      );
    });

    it('rejects an input block in a message', () => {
      const input = { type: 'input', label: plain('Account'), element: { type: 'plain_text_input' } };
      expect(validateBlocks([divider(), input], 'message')).toEqual(
        invalid('[ERROR] unsupported type: input [json-pointer:/blocks/1/type]'),
      );
    });

    it('rejects an unknown block type and a block without type', () => {
      expect(validateBlocks([divider(), divider(), { type: 'foo' }, { text: plain('x') }], 'message')).toEqual(
        invalid(
          '[ERROR] unsupported type: foo [json-pointer:/blocks/2/type]',
          '[ERROR] missing required field: type [json-pointer:/blocks/3]',
        ),
      );
    });
  });

  describe('invalid_blocks_format', () => {
    it.each([
      ['an object', { type: 'divider' }],
      ['null', null],
      ['a string that is not JSON', 'not json'],
      ['a JSON object string', '{"type":"divider"}'],
      ['an array holding a non-object', [divider(), 'divider']],
      ['an array holding an array', [[divider()]]],
    ])('rejects %s', (_, blocks) => {
      expect(validateBlocks(blocks, 'message')).toEqual({ ok: false, error: 'invalid_blocks_format', messages: [] });
    });
  });

  describe('block_id and action_id', () => {
    it('rejects a duplicate block_id', () => {
      const blocks = [{ ...divider(), block_id: 'a' }, { ...divider(), block_id: 'b' }, { ...section('x'), block_id: 'a' }];
      expect(validateBlocks(blocks, 'message')).toEqual(
        invalid('[ERROR] duplicate block_id: a [json-pointer:/blocks/2/block_id]'),
      );
    });

    it('accepts a block_id of 255 characters and rejects 256', () => {
      expect(validateBlocks([{ ...divider(), block_id: 'b'.repeat(255) }], 'message')).toEqual({ ok: true });
      expect(validateBlocks([{ ...divider(), block_id: 'b'.repeat(256) }], 'message')).toEqual(
        invalid('[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]'),
      );
    });

    it('rejects a duplicate action_id within a block but allows it across blocks', () => {
      const actions = { type: 'actions', elements: [button(1), button(2), { ...button(3), action_id: 'run_1' }] };
      expect(validateBlocks([actions], 'message')).toEqual(
        invalid('[ERROR] duplicate action_id: run_1 [json-pointer:/blocks/0/elements/2/action_id]'),
      );
      const twoBlocks = [{ type: 'actions', elements: [button(1)] }, { type: 'actions', elements: [button(1)] }];
      expect(validateBlocks(twoBlocks, 'message')).toEqual({ ok: true });
    });

    it('rejects an action_id over 255 characters', () => {
      const actions = { type: 'actions', elements: [{ ...button(1), action_id: 'a'.repeat(256) }] };
      expect(validateBlocks([actions], 'message')).toEqual(
        invalid('[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]'),
      );
    });
  });

  describe('section', () => {
    it('accepts 3000 characters of text and rejects 3001 with the pointer to the text', () => {
      expect(validateBlocks([section('s'.repeat(3000))], 'message')).toEqual({ ok: true });
      expect(validateBlocks([divider(), section('s'.repeat(3001))], 'message')).toEqual(
        invalid('[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]'),
      );
    });

    it('requires text or fields', () => {
      expect(validateBlocks([{ type: 'section', fields: [plain('a')] }], 'message')).toEqual({ ok: true });
      expect(validateBlocks([{ type: 'section' }], 'message')).toEqual(
        invalid('[ERROR] missing required field: text [json-pointer:/blocks/0]'),
      );
    });

    it('rejects empty text and a text object of unknown type', () => {
      expect(validateBlocks([section(''), { type: 'section', text: { type: 'markdown', text: 'x' } }], 'message')).toEqual(
        invalid(
          '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
          '[ERROR] must be a valid enum value [json-pointer:/blocks/1/text/type]',
        ),
      );
    });

    it('accepts 10 fields and a 2000-character field, rejects an 11th field and a 2001-character field', () => {
      const fields = [...repeat(9, () => mrkdwn('f')), mrkdwn('f'.repeat(2000))];
      expect(validateBlocks([{ type: 'section', fields }], 'message')).toEqual({ ok: true });
      const tooMany = [...repeat(10, () => mrkdwn('f')), mrkdwn('f'.repeat(2001))];
      expect(validateBlocks([{ type: 'section', fields: tooMany }], 'message')).toEqual(
        invalid(
          '[ERROR] must be less than 11 items [json-pointer:/blocks/0/fields]',
          '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/10/text]',
        ),
      );
    });

    it('rejects an accessory that is not a section accessory', () => {
      const accessory = { type: 'plain_text_input', action_id: 'x' };
      expect(validateBlocks([{ ...section('x'), accessory }], 'message')).toEqual(
        invalid('[ERROR] unsupported type: plain_text_input [json-pointer:/blocks/0/accessory/type]'),
      );
    });
  });

  describe('header', () => {
    it('accepts 150 characters and rejects 151', () => {
      expect(validateBlocks([{ type: 'header', text: plain('h'.repeat(150)) }], 'message')).toEqual({ ok: true });
      expect(validateBlocks([{ type: 'header', text: plain('h'.repeat(151)) }], 'message')).toEqual(
        invalid('[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]'),
      );
    });

    it('rejects mrkdwn text', () => {
      expect(validateBlocks([{ type: 'header', text: mrkdwn('*h*') }], 'message')).toEqual(
        invalid('[ERROR] must be a valid enum value [json-pointer:/blocks/0/text/type]'),
      );
    });
  });

  describe('context', () => {
    it('accepts 10 elements, rejects 11 and an empty list', () => {
      expect(validateBlocks([{ type: 'context', elements: repeat(10, () => plain('c')) }], 'message')).toEqual({ ok: true });
      expect(
        validateBlocks([{ type: 'context', elements: repeat(11, () => plain('c')) }, { type: 'context', elements: [] }], 'message'),
      ).toEqual(
        invalid(
          '[ERROR] must be less than 11 items [json-pointer:/blocks/0/elements]',
          '[ERROR] must be more than 0 items [json-pointer:/blocks/1/elements]',
        ),
      );
    });

    it('rejects an interactive element and an image without alt_text', () => {
      const elements = [button(1), { type: 'image', image_url: 'https://example.com/i.png' }];
      expect(validateBlocks([{ type: 'context', elements }], 'message')).toEqual(
        invalid(
          '[ERROR] unsupported type: button [json-pointer:/blocks/0/elements/0/type]',
          '[ERROR] missing required field: alt_text [json-pointer:/blocks/0/elements/1]',
        ),
      );
    });
  });

  describe('actions and buttons', () => {
    it('rejects 26 elements and an empty list', () => {
      const blocks = [
        { type: 'actions', elements: Array.from({ length: 26 }, (_, index) => button(index)) },
        { type: 'actions', elements: [] },
      ];
      expect(validateBlocks(blocks, 'message')).toEqual(
        invalid(
          '[ERROR] must be less than 26 items [json-pointer:/blocks/0/elements]',
          '[ERROR] must be more than 0 items [json-pointer:/blocks/1/elements]',
        ),
      );
    });

    it('accepts the interactive elements Slack allows and rejects an input-only element', () => {
      const option = { text: plain('One'), value: '1' };
      const elements = [
        { type: 'static_select', action_id: 'a', placeholder: plain('Pick'), options: [option] },
        { type: 'multi_users_select', action_id: 'b' },
        { type: 'overflow', action_id: 'c', options: [option] },
        { type: 'checkboxes', action_id: 'd', options: [{ text: mrkdwn('*One*'), value: '1' }] },
        { type: 'datepicker', action_id: 'e' },
        { type: 'workflow_button', action_id: 'f', text: plain('Go'), workflow: { trigger: { url: 'https://slack.com/shortcuts/Ft1' } } },
      ];
      expect(validateBlocks([{ type: 'actions', elements }], 'message')).toEqual({ ok: true });
      expect(validateBlocks([{ type: 'actions', elements: [{ type: 'plain_text_input' }] }], 'message')).toEqual(
        invalid('[ERROR] unsupported type: plain_text_input [json-pointer:/blocks/0/elements/0/type]'),
      );
    });

    it('accepts button text of 75 characters and rejects 76', () => {
      expect(validateBlocks([{ type: 'actions', elements: [button(1, 'b'.repeat(75))] }], 'message')).toEqual({ ok: true });
      expect(validateBlocks([{ type: 'actions', elements: [button(1, 'b'.repeat(76))] }], 'message')).toEqual(
        invalid('[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]'),
      );
    });

    it('rejects mrkdwn button text, an unknown style, a long value and a long url', () => {
      const bad = { ...button(1), text: mrkdwn('Go'), style: 'secondary', value: 'v'.repeat(2001), url: 'u'.repeat(3001) };
      expect(validateBlocks([{ type: 'actions', elements: [bad] }], 'message')).toEqual(
        invalid(
          '[ERROR] must be a valid enum value [json-pointer:/blocks/0/elements/0/text/type]',
          '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
          '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]',
          '[ERROR] must be a valid enum value [json-pointer:/blocks/0/elements/0/style]',
        ),
      );
    });

    it('rejects mrkdwn and over-long option text in a select', () => {
      const options = [{ text: mrkdwn('One'), value: '1' }, { text: plain('o'.repeat(76)), value: '2' }];
      expect(validateBlocks([{ type: 'actions', elements: [{ type: 'static_select', options }] }], 'message')).toEqual(
        invalid(
          '[ERROR] must be a valid enum value [json-pointer:/blocks/0/elements/0/options/0/text/type]',
          '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/1/text/text]',
        ),
      );
    });
  });

  describe('table', () => {
    it('rejects a second table in a message', () => {
      expect(validateBlocks([table(1, 1), divider(), table(1, 1)], 'message')).toEqual(
        invalid('[ERROR] only one table allowed per message [json-pointer:/blocks/2]'),
      );
    });

    it('rejects 101 rows', () => {
      expect(validateBlocks([table(101, 1)], 'message')).toEqual(
        invalid('[ERROR] must be less than 101 items [json-pointer:/blocks/0/rows]'),
      );
    });

    it('rejects rows of 21 cells', () => {
      expect(validateBlocks([table(1, 21)], 'message')).toEqual(
        invalid('[ERROR] must be less than 21 items [json-pointer:/blocks/0/rows/0]'),
      );
    });

    it('rejects no rows and rows of different widths', () => {
      const ragged = { type: 'table', rows: [[rawText('a'), rawText('b')], [rawText('c')]] };
      expect(validateBlocks([{ type: 'table', rows: [] }], 'message')).toEqual(
        invalid('[ERROR] must be more than 0 items [json-pointer:/blocks/0/rows]'),
      );
      expect(validateBlocks([ragged], 'message')).toEqual(
        invalid('[ERROR] all rows must have the same number of cells [json-pointer:/blocks/0/rows/1]'),
      );
    });

    it('rejects unknown cell types, non-string raw_text and raw_number without value', () => {
      const rows = [[{ type: 'mrkdwn', text: 'x' }, { type: 'raw_text', text: 5 }, { type: 'raw_number', text: '5' }]];
      expect(validateBlocks([{ type: 'table', rows }], 'message')).toEqual(
        invalid(
          '[ERROR] unsupported type: mrkdwn [json-pointer:/blocks/0/rows/0/0/type]',
          '[ERROR] must be a string [json-pointer:/blocks/0/rows/0/1/text]',
          '[ERROR] missing required field: value [json-pointer:/blocks/0/rows/0/2]',
        ),
      );
    });

    it('rejects 21 column settings and an unknown alignment', () => {
      const column_settings = [{ align: 'justify' }, ...repeat(20, () => ({ is_wrapped: true }))];
      expect(validateBlocks([{ ...table(1, 1), column_settings }], 'message')).toEqual(
        invalid(
          '[ERROR] must be less than 21 items [json-pointer:/blocks/0/column_settings]',
          '[ERROR] must be a valid enum value [json-pointer:/blocks/0/column_settings/0/align]',
        ),
      );
    });
  });

  describe('other blocks', () => {
    it('requires alt_text and an image source on an image block, alt_text at most 2000', () => {
      expect(validateBlocks([{ type: 'image', slack_file: { id: 'F1' }, alt_text: 'a'.repeat(2000) }], 'message')).toEqual({
        ok: true,
      });
      expect(validateBlocks([{ type: 'image' }, { type: 'image', image_url: 'https://x/y.png', alt_text: 'a'.repeat(2001) }], 'message')).toEqual(
        invalid(
          '[ERROR] missing required field: alt_text [json-pointer:/blocks/0]',
          '[ERROR] missing required field: image_url [json-pointer:/blocks/0]',
          '[ERROR] must be less than 2001 characters [json-pointer:/blocks/1/alt_text]',
        ),
      );
    });

    it('requires elements on rich_text and text on markdown', () => {
      expect(validateBlocks([{ type: 'rich_text' }, { type: 'markdown', text: 3 }], 'message')).toEqual(
        invalid(
          '[ERROR] missing required field: elements [json-pointer:/blocks/0]',
          '[ERROR] must be a string [json-pointer:/blocks/1/text]',
        ),
      );
    });

    it('requires a plain_text label and an input element on an input block', () => {
      const input = { type: 'input', label: mrkdwn('Account'), element: { type: 'button', text: plain('x') } };
      expect(validateBlocks([input], 'modal')).toEqual(
        invalid(
          '[ERROR] must be a valid enum value [json-pointer:/blocks/0/label/type]',
          '[ERROR] unsupported type: button [json-pointer:/blocks/0/element/type]',
        ),
      );
    });
  });

  describe('msg_blocks_too_long', () => {
    const tooLong = { ok: false, error: 'msg_blocks_too_long', messages: [] };

    it('accepts 12,000 characters of markdown and rejects 12,001 across markdown blocks', () => {
      expect(validateBlocks([{ type: 'markdown', text: 'm'.repeat(12_000) }], 'message')).toEqual({ ok: true });
      const split = [{ type: 'markdown', text: 'm'.repeat(6_000) }, { type: 'markdown', text: 'm'.repeat(6_001) }];
      expect(validateBlocks(split, 'message')).toEqual(tooLong);
      expect(validateBlocks([{ type: 'markdown', text: 'm'.repeat(12_001) }], 'message')).toEqual(tooLong);
    });

    it('rejects more than 13,000 characters of text across all blocks', () => {
      const nearLimit = [...repeat(4, () => section('s'.repeat(3000))), section('s'.repeat(1000))];
      expect(validateBlocks(nearLimit, 'message')).toEqual({ ok: true });
      expect(validateBlocks([...nearLimit, { type: 'context', elements: [plain('c')] }], 'message')).toEqual(tooLong);
    });

    it('reports invalid_blocks before the size', () => {
      const blocks = [...repeat(5, () => section('s'.repeat(3000))), { type: 'foo' }];
      expect(validateBlocks(blocks, 'message')).toEqual(
        invalid('[ERROR] unsupported type: foo [json-pointer:/blocks/5/type]'),
      );
    });
  });

  it('reports every problem in one answer, in block order', () => {
    const blocks = [
      { type: 'header', text: plain('h'.repeat(151)) },
      section('s'.repeat(3001)),
      { type: 'foo' },
      table(1, 21),
      { type: 'actions', elements: [button(1, 'b'.repeat(76))] },
      table(1, 1),
    ];
    expect(validateBlocks(blocks, 'message')).toEqual(
      invalid(
        '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]',
        '[ERROR] must be less than 3001 characters [json-pointer:/blocks/1/text/text]',
        '[ERROR] unsupported type: foo [json-pointer:/blocks/2/type]',
        '[ERROR] must be less than 21 items [json-pointer:/blocks/3/rows/0]',
        '[ERROR] must be less than 76 characters [json-pointer:/blocks/4/elements/0/text/text]',
        '[ERROR] only one table allowed per message [json-pointer:/blocks/5]',
      ),
    );
  });
});
