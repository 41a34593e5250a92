/**
 * Slack's Block Kit and message limits (docs.slack.dev block reference; @slack/types JSDoc).
 * The builders clamp to these; the sandbox emulator rejects what exceeds them, as Slack does.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  messageText: 40_000,
  sectionText: 3_000,
  sectionFields: 10,
  sectionFieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  actionId: 255,
  blockId: 255,
  /** Cumulative over all markdown blocks of one payload. */
  markdownText: 12_000,
  /** Observed: Slack answers msg_blocks_too_long near 13.2k characters of block text (bolt-js#2509). */
  totalBlockText: 13_000,
  tableRows: 100,
  tableCells: 20,
  tablesPerMessage: 1,
  imageAltText: 2_000,
  viewTitle: 24,
  optionText: 75,
  staticSelectOptions: 100,
} as const;

/** Block types Slack accepts in messages. */
export const MESSAGE_BLOCK_TYPES = [
  'actions', 'context', 'context_actions', 'divider', 'file', 'header', 'image', 'markdown',
  'rich_text', 'section', 'table', 'video', 'alert', 'card', 'carousel', 'container', 'plan', 'task_card',
] as const;

/** Block types accepted in modals and the Home tab (messages' types plus input). */
export const VIEW_BLOCK_TYPES = [...MESSAGE_BLOCK_TYPES, 'input'] as const;
