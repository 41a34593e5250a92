import type { Severity } from '../alert.js';

/**
 * Retrieval over the on-call runbooks in `pipeline-infra/runbooks/*.md` (DESIGN §5): local BM25
 * in the embedded default, a Bedrock Knowledge Base `Retrieve` in production. Both return
 * sections, so an alert can cite exactly the section its actions came from.
 */
export interface RunbookPassage {
  /** The runbook's id: its file name without `.md` (`ddos-syn-flood`). */
  runbook: string;
  /** The runbook's title (its `# ` heading). */
  runbookTitle: string;
  /** The section's heading as written (`Immediate actions`). */
  section: string;
  /** The section's anchor (`immediate-actions`), as GitHub renders it. */
  anchor: string;
  /** `pipeline-infra/runbooks/<id>.md#<anchor>`: what an alert cites. */
  citation: string;
  /** The section's text (Markdown, without its heading). */
  text: string;
  /** The section's numbered or bulleted items, in order, as plain one-line Markdown. */
  steps: string[];
  /** Retrieval score; higher is better. Only comparable within one answer. */
  score: number;
}

export interface RetrieveOptions {
  /** At most this many passages (default 3). */
  limit?: number;
  /** Only sections of this runbook. */
  runbook?: string;
  /** Only sections with this anchor (`immediate-actions`): the best runbook's actions for an alert. */
  section?: string;
}

/** How soon a runbook says to act at a severity, from its `- SEVn: N h — why` line. */
export interface TimeToAct {
  hours: number;
  reason: string;
  /** The runbook's `Time to act` section: `pipeline-infra/runbooks/<id>.md#time-to-act`. */
  citation: string;
}

export interface RunbookIndex {
  retrieve(query: string, options?: RetrieveOptions): Promise<RunbookPassage[]>;
  /** The time to act that a runbook gives for a severity; null for an unknown runbook or a missing line. */
  timeToAct(runbookId: string, severity: Severity): Promise<TimeToAct | null>;
}

export const RUNBOOKS_PATH = 'pipeline-infra/runbooks';
export const TIME_TO_ACT_ANCHOR = 'time-to-act';

export function citationOf(runbookId: string, anchor: string): string {
  return `${RUNBOOKS_PATH}/${runbookId}.md#${anchor}`;
}
