/**
 * Block Kit validation for the sandbox's Slack Web API emulator: rejects what Slack rejects, with Slack's error
 * names and its `[ERROR] <reason> [json-pointer:<path>]` messages, so tests fail where production would.
 * Limits come from blocks/limits.ts; shapes from @slack/types.
 */
import { MESSAGE_BLOCK_TYPES, SLACK_LIMITS, VIEW_BLOCK_TYPES } from '../../../blocks/limits.js';

export type Surface = 'message' | 'modal' | 'home';

export type BlockValidation =
  | { ok: true }
  | { ok: false; error: 'invalid_blocks' | 'invalid_blocks_format' | 'msg_blocks_too_long'; messages: string[] };

type JsonObject = Record<string, unknown>;
type BlockCheck = (block: JsonObject, at: string, problems: Problems) => void;
type ElementCheck = (element: JsonObject, at: string, problems: Problems) => void;

const SELECT_TYPES = ['static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select'];
const MULTI_SELECT_TYPES = SELECT_TYPES.map((type) => `multi_${type}`);

/** ActionsBlockElement in @slack/types. */
const ACTIONS_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'button', 'checkboxes', 'datepicker', 'datetimepicker', 'overflow', 'radio_buttons', 'timepicker',
  'workflow_button', 'rich_text_input', ...SELECT_TYPES, ...MULTI_SELECT_TYPES,
]);

/** SectionBlockAccessory in @slack/types. */
const SECTION_ACCESSORY_TYPES: ReadonlySet<string> = new Set([
  'button', 'checkboxes', 'datepicker', 'image', 'overflow', 'radio_buttons', 'timepicker', 'workflow_button',
  ...SELECT_TYPES, ...MULTI_SELECT_TYPES,
]);

/** InputBlockElement in @slack/types. */
const INPUT_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'checkboxes', 'datepicker', 'datetimepicker', 'email_text_input', 'file_input', 'number_input',
  'plain_text_input', 'radio_buttons', 'rich_text_input', 'timepicker', 'url_text_input',
  ...SELECT_TYPES, ...MULTI_SELECT_TYPES,
]);

const CONTEXT_IMAGE_TYPES: ReadonlySet<string> = new Set(['image']);
const TEXT_OBJECT_TYPES = ['plain_text', 'mrkdwn'];
const BUTTON_STYLES = ['primary', 'danger'];
const COLUMN_ALIGNMENTS = ['left', 'center', 'right'];

/** Collects every problem as Slack words it in response_metadata.messages. */
class Problems {
  readonly messages: string[] = [];

  add(reason: string, at: string): void {
    this.messages.push(`[ERROR] ${reason} [json-pointer:${at}]`);
  }

  missing(field: string, at: string): void {
    this.add(`missing required field: ${field}`, at);
  }

  unsupportedType(type: string, at: string): void {
    this.add(`unsupported type: ${type}`, `${at}/type`);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateBlocks(blocks: unknown, surface: Surface): BlockValidation {
  const parsed = parseBlocks(blocks);
  if (!parsed) return { ok: false, error: 'invalid_blocks_format', messages: [] };

  const problems = new Problems();
  checkBlockList(parsed, surface, problems);
  if (problems.messages.length > 0) return { ok: false, error: 'invalid_blocks', messages: problems.messages };

  if (isTooLong(parsed)) return { ok: false, error: 'msg_blocks_too_long', messages: [] };
  return { ok: true };
}

/** Slack takes `blocks` as an array or as its JSON encoding (form-encoded calls); anything else is a format error. */
function parseBlocks(blocks: unknown): JsonObject[] | undefined {
  let value = blocks;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(value) || !value.every(isObject)) return undefined;
  return value;
}

function checkBlockList(blocks: JsonObject[], surface: Surface, problems: Problems): void {
  const maxBlocks = surface === 'message' ? SLACK_LIMITS.blocksPerMessage : SLACK_LIMITS.blocksPerView;
  const allowedTypes: readonly string[] = surface === 'message' ? MESSAGE_BLOCK_TYPES : VIEW_BLOCK_TYPES;
  if (blocks.length > maxBlocks) problems.add(tooManyItems(maxBlocks), '/blocks');

  const blockIds = new Set<string>();
  let tables = 0;
  blocks.forEach((block, index) => {
    const at = `/blocks/${index}`;
    checkBlockId(block, at, blockIds, problems);
    if (typeof block.type !== 'string') {
      problems.missing('type', at);
      return;
    }
    if (!allowedTypes.includes(block.type)) {
      problems.unsupportedType(block.type, at);
      return;
    }
    if (block.type === 'table' && surface === 'message' && ++tables > SLACK_LIMITS.tablesPerMessage) {
      problems.add('only one table allowed per message', at);
    }
    BLOCK_CHECKS[block.type]?.(block, at, problems);
  });
}

function checkBlockId(block: JsonObject, at: string, seen: Set<string>, problems: Problems): void {
  const blockId = block.block_id;
  if (blockId === undefined) return;
  if (!checkString(blockId, SLACK_LIMITS.blockId, `${at}/block_id`, problems)) return;
  if (seen.has(blockId)) problems.add(`duplicate block_id: ${blockId}`, `${at}/block_id`);
  seen.add(blockId);
}

const BLOCK_CHECKS: Partial<Record<string, BlockCheck>> = {
  actions: checkActionsBlock,
  alert: (block, at, problems) => checkRequiredTextObject(block, 'text', at, problems, {}),
  carousel: (block, at, problems) => requireArray(block, 'elements', at, problems),
  container: checkContainerBlock,
  context: checkContextBlock,
  context_actions: (block, at, problems) => requireArray(block, 'elements', at, problems),
  file: (block, at, problems) => requireStrings(block, ['source', 'external_id'], at, problems),
  header: (block, at, problems) =>
    checkRequiredTextObject(block, 'text', at, problems, { plainTextOnly: true, maxLength: SLACK_LIMITS.headerText }),
  image: checkImageBlock,
  input: checkInputBlock,
  markdown: (block, at, problems) => requireStrings(block, ['text'], at, problems),
  plan: (block, at, problems) => requireStrings(block, ['title'], at, problems),
  rich_text: (block, at, problems) => requireArray(block, 'elements', at, problems),
  section: checkSectionBlock,
  table: checkTableBlock,
  task_card: (block, at, problems) => requireStrings(block, ['task_id', 'title', 'status'], at, problems),
  video: checkVideoBlock,
};

function checkSectionBlock(block: JsonObject, at: string, problems: Problems): void {
  if (block.text === undefined && block.fields === undefined) problems.missing('text', at);
  if (block.text !== undefined) {
    checkTextObject(block.text, `${at}/text`, problems, { maxLength: SLACK_LIMITS.sectionText });
  }
  if (block.fields !== undefined) {
    const fields = requireArray(block, 'fields', at, problems);
    if (fields && fields.length > SLACK_LIMITS.sectionFields) {
      problems.add(tooManyItems(SLACK_LIMITS.sectionFields), `${at}/fields`);
    }
    fields?.forEach((field, index) =>
      checkTextObject(field, `${at}/fields/${index}`, problems, { maxLength: SLACK_LIMITS.sectionFieldText }),
    );
  }
  if (block.accessory !== undefined) {
    checkElement(block.accessory, `${at}/accessory`, SECTION_ACCESSORY_TYPES, new Set(), problems);
  }
}

function checkContextBlock(block: JsonObject, at: string, problems: Problems): void {
  const elements = requireArray(block, 'elements', at, problems);
  if (!elements) return;
  checkItemCount(elements, SLACK_LIMITS.contextElements, `${at}/elements`, problems);
  elements.forEach((element, index) => {
    const elementAt = `${at}/elements/${index}`;
    if (isObject(element) && TEXT_OBJECT_TYPES.includes(element.type as string)) {
      checkTextObject(element, elementAt, problems, {});
    } else {
      checkElement(element, elementAt, CONTEXT_IMAGE_TYPES, new Set(), problems);
    }
  });
}

function checkActionsBlock(block: JsonObject, at: string, problems: Problems): void {
  const elements = requireArray(block, 'elements', at, problems);
  if (!elements) return;
  checkItemCount(elements, SLACK_LIMITS.actionsElements, `${at}/elements`, problems);
  const actionIds = new Set<string>();
  elements.forEach((element, index) =>
    checkElement(element, `${at}/elements/${index}`, ACTIONS_ELEMENT_TYPES, actionIds, problems),
  );
}

function checkImageBlock(block: JsonObject, at: string, problems: Problems): void {
  checkImageFields(block, at, problems);
  if (block.title !== undefined) checkTextObject(block.title, `${at}/title`, problems, { plainTextOnly: true });
}

function checkInputBlock(block: JsonObject, at: string, problems: Problems): void {
  checkRequiredTextObject(block, 'label', at, problems, { plainTextOnly: true });
  if (block.hint !== undefined) checkTextObject(block.hint, `${at}/hint`, problems, { plainTextOnly: true });
  if (block.element === undefined) problems.missing('element', at);
  else checkElement(block.element, `${at}/element`, INPUT_ELEMENT_TYPES, new Set(), problems);
}

function checkTableBlock(block: JsonObject, at: string, problems: Problems): void {
  const rows = requireArray(block, 'rows', at, problems);
  if (rows) {
    checkItemCount(rows, SLACK_LIMITS.tableRows, `${at}/rows`, problems);
    checkTableRows(rows, `${at}/rows`, problems);
  }
  if (block.column_settings !== undefined) checkColumnSettings(block, at, problems);
}

function checkTableRows(rows: unknown[], at: string, problems: Problems): void {
  const width = Array.isArray(rows[0]) ? rows[0].length : undefined;
  rows.forEach((row, rowIndex) => {
    const rowAt = `${at}/${rowIndex}`;
    if (!Array.isArray(row)) {
      problems.add('must be an array', rowAt);
      return;
    }
    checkItemCount(row, SLACK_LIMITS.tableCells, rowAt, problems);
    if (width !== undefined && row.length !== width) problems.add('all rows must have the same number of cells', rowAt);
    row.forEach((cell, cellIndex) => checkTableCell(cell, `${rowAt}/${cellIndex}`, problems));
  });
}

/** Table cells are raw_text, raw_number or rich_text (TableBlock in @slack/types). */
function checkTableCell(cell: unknown, at: string, problems: Problems): void {
  if (!isObject(cell)) {
    problems.add('must be an object', at);
    return;
  }
  switch (cell.type) {
    case 'raw_text':
      checkRequiredNonEmptyString(cell, 'text', at, problems);
      return;
    case 'raw_number':
      checkRequiredNonEmptyString(cell, 'text', at, problems);
      if (typeof cell.value !== 'number') problems.missing('value', at);
      return;
    case 'rich_text':
      requireArray(cell, 'elements', at, problems);
      return;
    case undefined:
      problems.missing('type', at);
      return;
    default:
      problems.unsupportedType(String(cell.type), at);
  }
}

function checkColumnSettings(block: JsonObject, at: string, problems: Problems): void {
  const settings = requireArray(block, 'column_settings', at, problems);
  if (!settings) return;
  if (settings.length > SLACK_LIMITS.tableCells) {
    problems.add(tooManyItems(SLACK_LIMITS.tableCells), `${at}/column_settings`);
  }
  settings.forEach((setting, index) => {
    if (isObject(setting) && setting.align !== undefined) {
      checkEnum(setting.align, COLUMN_ALIGNMENTS, `${at}/column_settings/${index}/align`, problems);
    }
  });
}

function checkContainerBlock(block: JsonObject, at: string, problems: Problems): void {
  requireArray(block, 'child_blocks', at, problems);
  if (block.title === undefined && block.rich_text_title === undefined) problems.missing('title', at);
}

function checkVideoBlock(block: JsonObject, at: string, problems: Problems): void {
  requireStrings(block, ['video_url', 'thumbnail_url', 'alt_text'], at, problems);
  checkRequiredTextObject(block, 'title', at, problems, { plainTextOnly: true });
}

// Elements

const ELEMENT_CHECKS: Partial<Record<string, ElementCheck>> = {
  button: checkButton,
  workflow_button: checkWorkflowButton,
  image: checkImageFields,
  overflow: (element, at, problems) => checkOptions(element, at, problems, { plainTextOnly: true }),
  checkboxes: (element, at, problems) => checkOptions(element, at, problems, {}),
  radio_buttons: (element, at, problems) => checkOptions(element, at, problems, {}),
  static_select: checkStaticSelect,
  multi_static_select: checkStaticSelect,
};

function checkElement(
  element: unknown,
  at: string,
  allowedTypes: ReadonlySet<string>,
  actionIds: Set<string>,
  problems: Problems,
): void {
  if (!isObject(element)) {
    problems.add('must be an object', at);
    return;
  }
  if (typeof element.type !== 'string') {
    problems.missing('type', at);
    return;
  }
  if (!allowedTypes.has(element.type)) {
    problems.unsupportedType(element.type, at);
    return;
  }
  checkActionId(element, at, actionIds, problems);
  if (element.placeholder !== undefined) {
    checkTextObject(element.placeholder, `${at}/placeholder`, problems, { plainTextOnly: true });
  }
  ELEMENT_CHECKS[element.type]?.(element, at, problems);
}

function checkActionId(element: JsonObject, at: string, seen: Set<string>, problems: Problems): void {
  const actionId = element.action_id;
  if (actionId === undefined) return;
  if (!checkString(actionId, SLACK_LIMITS.actionId, `${at}/action_id`, problems)) return;
  if (seen.has(actionId)) problems.add(`duplicate action_id: ${actionId}`, `${at}/action_id`);
  seen.add(actionId);
}

function checkButton(button: JsonObject, at: string, problems: Problems): void {
  checkRequiredTextObject(button, 'text', at, problems, { plainTextOnly: true, maxLength: SLACK_LIMITS.buttonText });
  if (button.value !== undefined) checkString(button.value, SLACK_LIMITS.buttonValue, `${at}/value`, problems);
  if (button.url !== undefined) checkString(button.url, SLACK_LIMITS.buttonUrl, `${at}/url`, problems);
  if (button.style !== undefined) checkEnum(button.style, BUTTON_STYLES, `${at}/style`, problems);
}

function checkWorkflowButton(button: JsonObject, at: string, problems: Problems): void {
  checkRequiredTextObject(button, 'text', at, problems, { plainTextOnly: true, maxLength: SLACK_LIMITS.buttonText });
  if (!isObject(button.workflow)) problems.missing('workflow', at);
  if (button.style !== undefined) checkEnum(button.style, BUTTON_STYLES, `${at}/style`, problems);
}

/** Shared by the image block and the image element: alt text plus exactly one image source field. */
function checkImageFields(image: JsonObject, at: string, problems: Problems): void {
  if (image.alt_text === undefined) problems.missing('alt_text', at);
  else checkString(image.alt_text, SLACK_LIMITS.imageAltText, `${at}/alt_text`, problems);
  if (image.image_url === undefined && image.slack_file === undefined) problems.missing('image_url', at);
  if (image.image_url !== undefined && typeof image.image_url !== 'string') {
    problems.add('must be a string', `${at}/image_url`);
  }
}

function checkStaticSelect(select: JsonObject, at: string, problems: Problems): void {
  if (select.options === undefined && select.option_groups === undefined) {
    problems.missing('options', at);
    return;
  }
  if (select.options !== undefined) {
    const options = checkOptions(select, at, problems, { plainTextOnly: true });
    if (options && options.length > SLACK_LIMITS.staticSelectOptions) {
      problems.add(tooManyItems(SLACK_LIMITS.staticSelectOptions), `${at}/options`);
    }
  }
  if (select.option_groups === undefined) return;
  const groups = requireArray(select, 'option_groups', at, problems);
  groups?.forEach((group, index) => {
    const groupAt = `${at}/option_groups/${index}`;
    if (!isObject(group)) {
      problems.add('must be an object', groupAt);
      return;
    }
    const labelRule = { plainTextOnly: true, maxLength: SLACK_LIMITS.optionText };
    checkRequiredTextObject(group, 'label', groupAt, problems, labelRule);
    checkOptions(group, groupAt, problems, { plainTextOnly: true });
  });
}

/** Selects and overflow menus need plain_text options; checkboxes and radio buttons also take mrkdwn. */
function checkOptions(
  holder: JsonObject,
  at: string,
  problems: Problems,
  rule: { plainTextOnly?: boolean },
): unknown[] | undefined {
  const options = requireArray(holder, 'options', at, problems);
  options?.forEach((option, index) => {
    const optionAt = `${at}/options/${index}`;
    if (!isObject(option)) {
      problems.add('must be an object', optionAt);
      return;
    }
    checkRequiredTextObject(option, 'text', optionAt, problems, { ...rule, maxLength: SLACK_LIMITS.optionText });
  });
  return options;
}

// Text objects and primitives

interface TextRule {
  plainTextOnly?: boolean;
  maxLength?: number;
}

function checkRequiredTextObject(
  holder: JsonObject,
  field: string,
  at: string,
  problems: Problems,
  rule: TextRule,
): void {
  if (holder[field] === undefined) problems.missing(field, at);
  else checkTextObject(holder[field], `${at}/${field}`, problems, rule);
}

function checkTextObject(value: unknown, at: string, problems: Problems, rule: TextRule): void {
  if (!isObject(value)) {
    problems.add('must be an object', at);
    return;
  }
  if (value.type === undefined) problems.missing('type', at);
  else checkEnum(value.type, rule.plainTextOnly ? ['plain_text'] : TEXT_OBJECT_TYPES, `${at}/type`, problems);
  if (checkRequiredNonEmptyString(value, 'text', at, problems) && rule.maxLength !== undefined) {
    checkString(value.text, rule.maxLength, `${at}/text`, problems);
  }
}

/** True when `holder[field]` is a non-empty string. */
function checkRequiredNonEmptyString(holder: JsonObject, field: string, at: string, problems: Problems): boolean {
  const value = holder[field];
  if (value === undefined) {
    problems.missing(field, at);
    return false;
  }
  if (typeof value !== 'string') {
    problems.add('must be a string', `${at}/${field}`);
    return false;
  }
  if (value.length === 0) {
    problems.add('must be more than 0 characters', `${at}/${field}`);
    return false;
  }
  return true;
}

/** True when `value` is a string within `maxLength`. */
function checkString(value: unknown, maxLength: number, at: string, problems: Problems): value is string {
  if (typeof value !== 'string') {
    problems.add('must be a string', at);
    return false;
  }
  if (value.length > maxLength) {
    problems.add(`must be less than ${maxLength + 1} characters`, at);
    return false;
  }
  return true;
}

function checkEnum(value: unknown, allowed: readonly string[], at: string, problems: Problems): void {
  if (typeof value !== 'string' || !allowed.includes(value)) problems.add('must be a valid enum value', at);
}

function requireArray(holder: JsonObject, field: string, at: string, problems: Problems): unknown[] | undefined {
  const value = holder[field];
  if (value === undefined) {
    problems.missing(field, at);
    return undefined;
  }
  if (!Array.isArray(value)) {
    problems.add('must be an array', `${at}/${field}`);
    return undefined;
  }
  return value;
}

function requireStrings(holder: JsonObject, fields: readonly string[], at: string, problems: Problems): void {
  for (const field of fields) {
    if (holder[field] === undefined) problems.missing(field, at);
    else if (typeof holder[field] !== 'string') problems.add('must be a string', `${at}/${field}`);
  }
}

function checkItemCount(items: unknown[], max: number, at: string, problems: Problems): void {
  if (items.length === 0) problems.add('must be more than 0 items', at);
  if (items.length > max) problems.add(tooManyItems(max), at);
}

function tooManyItems(max: number): string {
  return `must be less than ${max + 1} items`;
}

// Payload size

function isTooLong(blocks: JsonObject[]): boolean {
  const markdownText = blocks
    .filter((block) => block.type === 'markdown')
    .reduce((sum, block) => sum + (typeof block.text === 'string' ? block.text.length : 0), 0);
  return markdownText > SLACK_LIMITS.markdownText || totalText(blocks) > SLACK_LIMITS.totalBlockText;
}

/** Characters in every `text` string anywhere in the blocks: text objects, markdown, table cells, rich text. */
function totalText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + totalText(item), 0);
  if (!isObject(value)) return 0;
  return Object.entries(value).reduce(
    (sum, [key, child]) => sum + (key === 'text' && typeof child === 'string' ? child.length : totalText(child)),
    0,
  );
}
