import type { InvestigationJob } from '../investigations/investigation-job.js';

/** Hands a job from the Slack-facing side to the worker: Lambda async invoke in production, in process locally. */
export interface JobQueue {
  enqueue(job: InvestigationJob): Promise<void>;
}

/**
 * The embedded default: runs jobs in this process after the enqueue returns, a bounded number at
 * a time. `idle()` lets tests and shutdown wait for the work in flight.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly waiting: InvestigationJob[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly run: (job: InvestigationJob) => Promise<unknown>,
    private readonly concurrency = 4,
  ) {}

  async enqueue(job: InvestigationJob): Promise<void> {
    this.waiting.push(job);
    setImmediate(() => this.pump());
  }

  async idle(): Promise<void> {
    while (this.running.size || this.waiting.length) await Promise.allSettled([...this.running, new Promise((r) => setImmediate(r))]);
  }

  private pump(): void {
    while (this.running.size < this.concurrency && this.waiting.length) {
      const job = this.waiting.shift()!;
      // The worker ends every job in a terminal message itself; a throw here is a bug to surface, not to crash on.
      const task = this.run(job).catch((error) => console.error('[cia:jobs] job failed outside the worker\'s own handling', error));
      this.running.add(task);
      void task.finally(() => {
        this.running.delete(task);
        this.pump();
      });
    }
  }
}
