/** What the slack function hands to the worker: everything needed to run and answer one question. */
export interface InvestigationJob {
  id: string;
  teamId: string;
  channelId: string;
  /** The thread the investigation lives in (its root message). */
  threadTs: string;
  /** The progress message the worker edits. */
  progressTs: string;
  userId: string;
  question: string;
  flags: { new: boolean; clean: boolean; notBoring: boolean };
  /** When the job was accepted (epoch ms), for the duration shown at the end. */
  acceptedAt: number;
}
