import type { KnownBlock } from '@slack/types';
import { context, escapeWithin, section } from '../builders.js';
import { formatDuration } from '../format.js';
import { SLACK_LIMITS } from '../limits.js';

export interface ProgressStep {
  type: 'status' | 'guard' | 'tokens' | 'error';
  message: string;
  source?: string;
  at: number;
}

export interface ProgressView {
  state: 'running' | 'done' | 'failed';
  steps: ProgressStep[];
  startedAt: number;
  endedAt?: number;
  /** Accounts, regions and the absolute time range, already in the asker's time zone. */
  scope?: string;
  failure?: string;
  /** `--notboring`: playful wording for the same facts. */
  notBoring?: boolean;
}

const STEP_MESSAGE_LENGTH = 300;
const SOURCE_LENGTH = 60;
const SCOPE_LENGTH = 1_000;
const FAILURE_LENGTH = 1_000;
const FALLBACK_LENGTH = 300;

/**
 * `--notboring` flourishes put before a status step's own words. Picked by step index, so editing
 * the message as steps arrive never reshuffles the earlier lines; they add colour, never facts.
 */
const PLAYFUL_FLOURISHES: readonly ((source: string | undefined) => string)[] = [
  () => '🧐 Opening the case file…',
  (source) => `🕵️ Dusting ${source ?? 'the logs'} for fingerprints…`,
  () => '🔦 Checking the dark corners…',
  (source) => `🗂️ Pulling the ${source ?? 'evidence'} files…`,
  () => '🧩 Putting the pieces together…',
];

/** The live progress message in the investigation's thread, edited in place until it ends ✅ or ❌. */
export function progressMessage(view: ProgressView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [];
  const lines = view.steps.map((step, index) => stepLine(view, step, index));
  if (lines.length > 0) blocks.push(section(fitChecklist(lines)));
  else if (view.state === 'running') blocks.push(section(view.notBoring ? `⏳ ${PLAYFUL_FLOURISHES[0]!(undefined)}` : '⏳ Starting…'));
  if (view.scope) blocks.push(context([`Scope: ${escapeWithin(view.scope, SCOPE_LENGTH)}`]));
  const outcome = outcomeLine(view);
  if (outcome) blocks.push(section(outcome));

  const lastStep = view.steps[view.steps.length - 1];
  const text = outcome ?? (lastStep ? `Investigating… ${escapeWithin(lastStep.message, FALLBACK_LENGTH)}` : 'Investigating…');
  return { text, blocks };
}

function stepLine(view: ProgressView, step: ProgressStep, index: number): string {
  const source = step.source ? escapeWithin(step.source, SOURCE_LENGTH) : undefined;
  const playful = view.notBoring && step.type === 'status';
  const flourish = playful ? `${PLAYFUL_FLOURISHES[index % PLAYFUL_FLOURISHES.length]!(source)} ` : '';
  const words = `${flourish}${escapeWithin(step.message, STEP_MESSAGE_LENGTH)}`;
  // The source is a fact worth showing, unless the line already names it.
  const sourceTag = source && !words.toLowerCase().includes(source.toLowerCase()) ? ` _(${source})_` : '';
  return `${stepIcon(view, step, index)} ${step.type === 'guard' ? 'Guard: ' : ''}${words}${sourceTag}`;
}

function stepIcon(view: ProgressView, step: ProgressStep, index: number): string {
  if (step.type === 'guard') return '⚑';
  if (step.type === 'error') return '✗';
  return view.state === 'running' && index === view.steps.length - 1 ? '⏳' : '✓';
}

/** Keeps the newest lines that fit in one section; older ones collapse into a count. */
function fitChecklist(lines: string[]): string {
  const budget = SLACK_LIMITS.sectionText - '…and 00000 earlier steps\n'.length;
  const shown: string[] = [];
  let length = 0;
  for (const line of [...lines].reverse()) {
    length += line.length + 1;
    if (length > budget) break;
    shown.unshift(line);
  }
  const hidden = lines.length - shown.length;
  const collapsed = hidden > 0 ? [`…and ${hidden} earlier ${hidden === 1 ? 'step' : 'steps'}`] : [];
  return [...collapsed, ...shown].join('\n');
}

function outcomeLine(view: ProgressView): string | undefined {
  const took = view.endedAt === undefined ? undefined : formatDuration(view.endedAt - view.startedAt);
  if (view.state === 'done') {
    if (view.notBoring) return took ? `🎯 Got it in ${took}` : '🎯 Got it';
    return took ? `✅ Answered in ${took}` : '✅ Answered';
  }
  if (view.state === 'failed') {
    const reason = view.failure ? `: ${escapeWithin(view.failure, FAILURE_LENGTH)}` : '';
    const failed = view.notBoring ? '💥 The trail went cold' : '❌ Failed';
    return `${failed}${took ? ` after ${took}` : ''}${reason}`;
  }
  return undefined;
}
