import type { InvestigationStatus } from '../../agents/result.js';
import type { InvestigationJob } from '../investigations/investigation-job.js';
import type { Investigator } from '../investigations/run-investigation-job.js';
import { recordInvestigation } from './cia-metrics.js';
import { InvestigationLog } from './investigation-log.js';
import { inSubsegment } from './lambda-handler.js';
import type { Powertools } from './powertools.js';

export interface JobObservation {
  /** The job's log (redacted): the tagged lines go here. */
  log: Pick<Console, 'info' | 'warn'>;
  /** Absent off Lambda: then only the tagged lines are written. */
  powertools?: Powertools;
  now?: () => number;
}

/**
 * The worker's edge around one job: every log line of the job carries its ids (Powertools keys,
 * the session's once known), the agents' progress and result are told as tagged lines, and the
 * job ends in metrics and an X-Ray subsegment. `run` runs the job with the investigator watched
 * and says how it ended.
 */
export async function observeJob(job: InvestigationJob, observation: JobObservation, run: (watch: (investigator: Investigator) => Investigator) => Promise<InvestigationStatus>): Promise<void> {
  const { powertools: tools } = observation;
  const now = observation.now ?? Date.now;
  tools?.logger.appendKeys({ investigation_id: job.id, team_id: job.teamId, channel_id: job.channelId, user_id: job.userId, thread_ts: job.threadTs });
  const story = new InvestigationLog(observation.log, (sessionId) => tools?.logger.appendKeys({ session_id: sessionId }));
  try {
    const status = await inSubsegment(tools?.tracer, '### investigation', async () => {
      tools?.tracer.putAnnotation('investigation_id', job.id);
      const ended = await run((investigator) => story.watch(investigator));
      tools?.tracer.putAnnotation('status', ended);
      return ended;
    });
    story.end(status);
    if (tools) recordInvestigation(tools.metrics, { status, latencyMs: now() - job.acceptedAt, guardInterventions: story.guardInterventions, result: story.result });
  } finally {
    if (tools?.metrics.hasStoredMetrics()) tools.metrics.publishStoredMetrics();
    tools?.logger.resetKeys();
  }
}
