import { accessAnalyzerSubAgent } from './access-analyzer.js';
import type { ApiSubAgentDefinition } from './api-subagent.js';
import { cloudtrailSubAgent } from './cloudtrail.js';
import { cloudwatchSubAgent } from './cloudwatch.js';
import { configSubAgent } from './config.js';
import { curSubAgent } from './cur.js';
import { flowlogsSubAgent } from './flowlogs.js';
import { guarddutySubAgent } from './guardduty.js';
import { healthSubAgent } from './health.js';
import { inspectorSubAgent } from './inspector.js';
import type { LakeSubAgentDefinition } from './lake-subagent.js';
import { macieSubAgent } from './macie.js';
import { organizationsSubAgent } from './organizations.js';
import { quotasSubAgent } from './quotas.js';

/** The lake's specialists, one per source (GuardDuty's history is the GuardDuty specialist's). */
export const LAKE_SUBAGENTS: readonly LakeSubAgentDefinition[] = [cloudtrailSubAgent, cloudwatchSubAgent, configSubAgent, curSubAgent, flowlogsSubAgent];

/** The read APIs' specialists, one per API. */
export const API_SUBAGENTS: readonly ApiSubAgentDefinition[] = [guarddutySubAgent, healthSubAgent, accessAnalyzerSubAgent, organizationsSubAgent, quotasSubAgent, macieSubAgent, inspectorSubAgent];

/** Every specialist, for people (`/cia services`). */
export const SUBAGENTS: readonly (LakeSubAgentDefinition | ApiSubAgentDefinition)[] = [...LAKE_SUBAGENTS, ...API_SUBAGENTS];
