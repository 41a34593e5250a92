import type { ApiSourceName } from '../../../api-sources/api-source.js';
import type { GuardDutyEvent } from '../guardduty.js';
import type { IncidentPlan } from '../incidents/index.js';

/** One API response as a snapshot file: `<lake>/api/<service>/<account>/<operation>[.<key>].json`. */
export interface SnapshotFile {
  service: ApiSourceName;
  account: string;
  operation: string;
  key?: string;
  response: object;
}

/** What the snapshots are made consistent with: the clock, the lake's findings and the scripted incidents. */
export interface SnapshotInput {
  now: number;
  guardduty: readonly GuardDutyEvent[];
  incidents: IncidentPlan;
  /** Instances no longer running (terminated by an incident). */
  retiredInstances: ReadonlyMap<string, number>;
}
