import { parse as parseYaml } from 'yaml';
import type { AlertKind, Severity } from '../alert.js';
import { TIME_TO_ACT_ANCHOR } from './runbook-index.js';

/**
 * A runbook of `pipeline-infra/runbooks/`: YAML front matter (`alert_kinds`, `metrics`), a `# `
 * title, an introductory paragraph and `## ` sections. Sections are what retrieval returns and
 * what alerts cite, so each keeps its GitHub anchor and its list items as one-line steps.
 */
export interface RunbookSection {
  heading: string;
  anchor: string;
  /** Markdown, without the heading. */
  text: string;
  /** The section's list items, numbered or bulleted, one line each (nested lines joined). */
  steps: string[];
}

export interface Runbook {
  /** The file name without `.md`. */
  id: string;
  title: string;
  alertKinds: AlertKind[];
  /** CloudWatch metric names this runbook answers for (`metric_anomaly` alerts). */
  metrics: string[];
  intro: string;
  sections: RunbookSection[];
}

export interface TimeToActLine {
  hours: number;
  reason: string;
}

// `satisfies` keeps this list in step with AlertKind: a new kind fails compilation here.
const KNOWN_ALERT_KINDS = {
  ddos_syn_flood: true,
  udp_flood: true,
  fragmentation_flood: true,
  traffic_spike: true,
  port_scan: true,
  brute_force: true,
  metric_anomaly: true,
} satisfies Record<AlertKind, true>;

const SEVERITIES: readonly Severity[] = ['SEV1', 'SEV2', 'SEV3'];

const FRONT_MATTER = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;
const TITLE = /^#[ \t]+(.+?)[ \t#]*$/;
const SECTION_HEADING = /^##[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^[ \t]*(```|~~~)/;
const ANY_HEADING = /^#{1,6}[ \t]/;
const LIST_ITEM = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
// Not anchored to line starts: a Knowledge Base chunk may come back with its newlines flattened.
const TIME_TO_ACT_LINE = /(?:^|\s)[-*+]\s+(SEV[123])\s*:\s*(\d+(?:\.\d+)?)\s*h\s+[—–-]+\s+(.+?)(?=\s+[-*+]\s+SEV[123]\s*:|\n|$)/g;

export function parseRunbook(id: string, markdown: string): Runbook {
  const source = markdown.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  const frontMatter = FRONT_MATTER.exec(source) ?? runbookError(id, 'no front matter: it must start with a `---` line, the YAML (alert_kinds, metrics), then a `---` line');
  let meta: unknown;
  try {
    meta = parseYaml(frontMatter[1]!);
  } catch (error) {
    runbookError(id, `the front matter is not valid YAML: ${(error as Error).message}`);
  }
  if (meta !== null && (typeof meta !== 'object' || Array.isArray(meta))) runbookError(id, 'the front matter must be a YAML mapping (alert_kinds: […], metrics: […])');
  const fields = (meta ?? {}) as Record<string, unknown>;
  const alertKinds = stringList(id, fields.alert_kinds, 'alert_kinds');
  for (const kind of alertKinds) if (!Object.hasOwn(KNOWN_ALERT_KINDS, kind)) runbookError(id, `unknown alert kind "${kind}" in alert_kinds (known: ${Object.keys(KNOWN_ALERT_KINDS).join(', ')})`);
  const metrics = stringList(id, fields.metrics, 'metrics');

  let title: string | null = null;
  const intro: string[] = [];
  const sections: Array<{ heading: string; lines: string[] }> = [];
  let inFence = false;
  for (const line of source.slice(frontMatter[0].length).split('\n')) {
    const heading = inFence ? null : (SECTION_HEADING.exec(line)?.[1] ?? null);
    const titleMatch: RegExpExecArray | null = inFence || title !== null ? null : TITLE.exec(line);
    if (FENCE.test(line)) inFence = !inFence;
    if (titleMatch && sections.length === 0) title = titleMatch[1]!;
    else if (heading !== null) sections.push({ heading, lines: [] });
    else if (sections.length > 0) sections[sections.length - 1]!.lines.push(line);
    else if (title !== null) intro.push(line);
  }
  if (title === null) runbookError(id, 'no title: the first heading after the front matter must be a `# ` heading');

  const taken = new Map<string, number>();
  const runbook: Runbook = {
    id,
    title,
    alertKinds: alertKinds as AlertKind[],
    metrics,
    intro: intro.join('\n').trim(),
    sections: sections.map(({ heading, lines }) => {
      const text = lines.join('\n').trim();
      return { heading, anchor: uniqueAnchor(githubAnchor(heading), taken), text, steps: listSteps(text) };
    }),
  };
  const timeToActSection = runbook.sections.find((s) => s.anchor === TIME_TO_ACT_ANCHOR) ?? runbookError(id, 'no "## Time to act" section');
  const missing = SEVERITIES.filter((severity) => timeToActIn(timeToActSection, severity) === null);
  if (missing.length > 0) runbookError(id, `"Time to act" has no line for ${missing.join(', ')}: write them as "- SEV1: 4 h — why"`);
  return runbook;
}

function runbookError(id: string, problem: string): never {
  throw new Error(`runbook ${id}.md: ${problem}`);
}

function stringList(id: string, value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) runbookError(id, `${name} must be a list of names`);
  return value as string[];
}

/** The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces → `-`. */
export function githubAnchor(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

// GitHub suffixes repeated anchors with -1, -2, … in document order.
function uniqueAnchor(anchor: string, taken: Map<string, number>): string {
  const seen = taken.get(anchor);
  taken.set(anchor, (seen ?? -1) + 1);
  return seen === undefined ? anchor : `${anchor}-${seen + 1}`;
}

/**
 * The list items of a Markdown text, one line each: continuation lines are joined with a space,
 * nested items with `; ` (or a space after a colon), so a step reads as one Slack bullet.
 * Fenced code is left out.
 */
export function listSteps(markdown: string): string[] {
  const steps: string[] = [];
  let baseIndent: number | null = null;
  let previousBlank = false;
  let inFence = false;
  const appendToLast = (text: string, separator: string) => {
    const last = steps[steps.length - 1]!;
    steps[steps.length - 1] = `${last}${last.endsWith(':') ? ' ' : separator}${text}`;
  };
  for (const rawLine of markdown.split('\n')) {
    const line = rawLine.replace(/\t/g, '    ');
    const indent = line.length - line.trimStart().length;
    if (FENCE.test(line)) {
      if (!inFence && baseIndent !== null && indent <= baseIndent) baseIndent = null;
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    if (line.trim() === '') {
      previousBlank = true;
      continue;
    }
    if (ANY_HEADING.test(line)) {
      baseIndent = null;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    const nested = baseIndent !== null && indent > baseIndent;
    if (item && !nested) {
      baseIndent ??= indent;
      steps.push(item[2]!.trim());
    } else if (item && nested) {
      appendToLast(item[2]!.trim(), '; ');
    } else if (baseIndent !== null && (nested || !previousBlank)) {
      appendToLast(line.trim(), ' ');
    } else {
      baseIndent = null;
    }
    previousBlank = false;
  }
  return steps;
}

/**
 * The `- SEVn: N h — why` line for a severity, from a runbook (its `Time to act` section) or from
 * a section's text (a Knowledge Base passage); null when there is none.
 */
export function timeToActIn(source: Runbook | Pick<RunbookSection, 'text'>, severity: Severity): TimeToActLine | null {
  const text = 'sections' in source ? source.sections.find((s) => s.anchor === TIME_TO_ACT_ANCHOR)?.text : source.text;
  for (const match of (text ?? '').matchAll(TIME_TO_ACT_LINE)) {
    if (match[1] === severity) return { hours: Number(match[2]), reason: match[3]!.trim() };
  }
  return null;
}
