import { parseFlowLogText } from '../../lake/importers/flowlogs.js';
import { LakeWriter } from '../../lake/lake-writer.js';

/**
 * Delivers the simulated stream's flow logs into the lake, as VPC Flow Logs deliver to S3: every
 * few minutes a new file per partition. Investigations started from an alert then find the very
 * flows that raised it. Writes are serialized; a failed write keeps its rows for the next one.
 */
export class FlowLogLakeDelivery {
  private readonly writer: LakeWriter;
  private pendingMinutes = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    lakeDir: string,
    region: string,
    private readonly everyMinutes = 5,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.writer = new LakeWriter(lakeDir, { flowlogRegion: region });
  }

  deliver(lines: readonly string[]): void {
    this.writer.add('flowlogs', parseFlowLogText(lines.join('\n')).rows.map((r) => r.row));
    if (++this.pendingMinutes >= this.everyMinutes) this.flush();
  }

  /** Starts writing what is buffered; resolves when every write so far is done. */
  flush(): Promise<void> {
    this.pendingMinutes = 0;
    this.writing = this.writing.then(() => this.writer.flush()).then(() => undefined, this.onError);
    return this.writing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.close().catch(this.onError);
  }
}
