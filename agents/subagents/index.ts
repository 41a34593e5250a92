import { cloudtrailSubAgent } from './cloudtrail.js';
import { cloudwatchSubAgent } from './cloudwatch.js';
import { configSubAgent } from './config.js';
import { curSubAgent } from './cur.js';
import { flowlogsSubAgent } from './flowlogs.js';
import { guarddutyHistorySubAgent } from './guardduty-history.js';
import type { LakeSubAgentDefinition } from './lake-subagent.js';

/** The lake's specialists, one per source. */
export const LAKE_SUBAGENTS: readonly LakeSubAgentDefinition[] = [cloudtrailSubAgent, cloudwatchSubAgent, configSubAgent, curSubAgent, flowlogsSubAgent, guarddutyHistorySubAgent];
