import type { LakeTable } from '../../lake-writer.js';
import type { GeneratedAccount } from '../accounts.js';
import type { CloudTrailRecord } from '../cloudtrail-record.js';
import type { ConfigItem } from '../config.js';
import type { FlowLogRow } from '../flowlogs.js';
import type { GuardDutyEvent } from '../guardduty.js';
import type { Random } from '../random.js';
import { DAY, isoSeconds, startOfUtcDay } from '../rhythm.js';

export type IncidentKind =
  | 'stolen_access_key'
  | 'instance_terminated'
  | 'security_group_opened'
  | 'lambda_error_storm'
  | 'cost_spike'
  | 'port_scan'
  | 'failed_console_login'
  | 'bucket_made_public';

/** What `incidents.json` says about one planted incident, so tests and demos can check answers. */
export interface IncidentRecord {
  kind: IncidentKind;
  summary: string;
  account_id: string;
  account_alias: string;
  region: string;
  /** ISO-8601 UTC; the first and last planted record. */
  start: string;
  end: string;
  /** The tables holding its evidence. */
  tables: LakeTable[];
  identifiers: Record<string, string | number | string[]>;
}

/** Rows an incident adds to the lake. */
export interface IncidentRows {
  cloudtrail: CloudTrailRecord[];
  config: ConfigItem[];
  flowlogs: FlowLogRow[];
  guardduty: GuardDutyEvent[];
}

/** Incidents happen on the last two full days before `now` (so a lake of three days or more holds them all). */
export interface IncidentDays {
  /** Yesterday, UTC midnight (epoch ms). */
  yesterday: number;
  /** The day before yesterday. */
  twoDaysAgo: number;
}

export function incidentDays(now: number): IncidentDays {
  const today = startOfUtcDay(now);
  return { yesterday: today - DAY, twoDaysAgo: today - 2 * DAY };
}

/** A random offset in whole seconds (CloudTrail's resolution), so planned times match the records exactly. */
export function secondsBetween(random: Random, minMs: number, maxMs: number): number {
  return random.between(Math.ceil(minMs / 1000), Math.floor(maxMs / 1000)) * 1000;
}

export function record(kind: IncidentKind, account: GeneratedAccount, region: string, window: { start: number; end: number }, fields: Pick<IncidentRecord, 'summary' | 'tables' | 'identifiers'>): IncidentRecord {
  return { kind, summary: fields.summary, account_id: account.id, account_alias: account.alias, region, start: isoSeconds(window.start), end: isoSeconds(window.end), tables: fields.tables, identifiers: fields.identifiers };
}
