import type { WebClient } from '@slack/web-api';
import type { KnownBlock } from '@slack/types';
import type { ProgressStep, ProgressView } from '../../blocks/investigation/progress.js';

export interface ProgressMessageOptions {
  /** Edits client: rate-limited intermediate edits are dropped, not queued (it rejects 429s at once). */
  client: WebClient;
  channel: string;
  ts: string;
  render: (view: ProgressView) => { text: string; blocks: KnownBlock[] };
  startedAt: number;
  scope?: string;
  notBoring?: boolean;
  /** Slack's chat.update is Tier 3: at most one edit of this message per interval. */
  minIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const FINAL_EDIT_ATTEMPTS = 8;

/**
 * The live progress message: events are coalesced and the message is edited at most once per
 * interval; the final ✅/❌ edit is retried through rate limits so no progress message is ever
 * left running. A fast investigation goes straight from the first state to the final one.
 */
export class ProgressMessage {
  private readonly steps: ProgressStep[] = [];
  private scope?: string;
  private lastEditAt?: number;
  private timer?: NodeJS.Timeout;
  private editing: Promise<void> = Promise.resolve();
  private finished = false;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ProgressMessageOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.scope = options.scope;
  }

  add(step: Omit<ProgressStep, 'at'>, scope?: string): void {
    if (this.finished) return;
    this.steps.push({ ...step, at: this.now() });
    if (scope) this.scope = scope;
    this.schedule();
  }

  /** The terminal edit: waits for the interval, retries through 429s and errors. */
  async finish(state: 'done' | 'failed', failure?: string): Promise<void> {
    this.finished = true;
    clearTimeout(this.timer);
    await this.editing;
    const view = this.view(state, failure);
    for (let attempt = 1; attempt <= FINAL_EDIT_ATTEMPTS; attempt++) {
      await this.waitForInterval();
      try {
        await this.edit(view);
        return;
      } catch (error) {
        const retryAfterSeconds = (error as { retryAfter?: number }).retryAfter;
        if (attempt === FINAL_EDIT_ATTEMPTS) throw error;
        await this.sleep(retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : Math.min(500 * 2 ** attempt, 5000));
      }
    }
  }

  private schedule(): void {
    if (this.timer) return;
    // The first edit comes one interval after the message was posted: a fast answer needs none.
    const since = this.lastEditAt ?? this.options.startedAt;
    const delay = Math.max(0, since + this.minIntervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.finished) return;
      this.editing = this.editing.then(() => this.edit(this.view('running')).catch(() => undefined));
    }, delay);
  }

  private async waitForInterval(): Promise<void> {
    if (this.lastEditAt === undefined) return;
    const wait = this.lastEditAt + this.minIntervalMs - this.now();
    if (wait > 0) await this.sleep(wait);
  }

  private async edit(view: ProgressView): Promise<void> {
    const message = this.options.render(view);
    this.lastEditAt = this.now();
    await this.options.client.chat.update({ channel: this.options.channel, ts: this.options.ts, text: message.text, blocks: message.blocks });
  }

  private view(state: ProgressView['state'], failure?: string): ProgressView {
    return {
      state, steps: [...this.steps], startedAt: this.options.startedAt, ...(state === 'running' ? {} : { endedAt: this.now() }),
      ...(this.scope ? { scope: this.scope } : {}), ...(failure ? { failure } : {}), ...(this.options.notBoring ? { notBoring: true } : {}),
    };
  }
}
