import type { InvestigationOutcome, InvestigationRequest } from '../../agents/investigate.js';
import type { PreviousTurn } from '../../agents/planner/plan.js';
import { understandQuestion } from '../../agents/planner/understand.js';
import { parseOrgConfig } from '../../pipeline-infra/config/org-config.js';

/** A worker's request for a follow-up and an outcome as the runtime answers it, with text that is not all ASCII. */

const config = parseOrgConfig({ accounts: [{ id: '111111111111', alias: 'main' }, { id: '333333333333', alias: 'prod' }] });
const now = new Date('2024-05-02T10:00:00Z');

function turnFor(question: string): PreviousTurn {
  const understanding = understandQuestion(question, { now, timeZone: 'Europe/Berlin', config });
  if (understanding.kind !== 'plan') throw new Error(`not understood: ${question}`);
  return { plan: understanding.plan, entities: { useridentity_username: ['alice', 'bob'] } };
}

export const sampleRequest: InvestigationRequest = {
  question: 'and what about yesterday?', sessionId: '5f0c6a9e-3d41-4c2b-9a7e-2b1d8c3e4f50', now, timeZone: 'Europe/Berlin',
  allowedAccounts: ['111111111111'], previous: turnFor('who deleted S3 buckets in main last week?'), actor: 'U01ALICE', clean: false, investigationId: 'job-7',
};

export const sampleOutcome: InvestigationOutcome = {
  result: {
    status: 'answered', answer: '✅ 2 buckets deleted in main — by alice (Zürich office, 東京 backup)', session_id: sampleRequest.sessionId, sources: ['cloudtrail'],
    scope: { accounts: ['111111111111'], regions: [], from: '2024-04-22T00:00:00.000Z', to: '2024-04-29T00:00:00.000Z' },
    queries: [{ source: 'cloudtrail', engine: 'athena', sql: 'SELECT 1', row_count: 2, ms: 812, bytes_scanned: 1024 }],
    rows: [{ eventname: 'DeleteBucket', useridentity_username: 'alice' }, { eventname: 'DeleteBucket', useridentity_username: 'alice' }],
    timings: { total_ms: 950 }, tokens: { input: 0, output: 0 }, model: 'offline-planner', cost_usd: 0,
  },
  turn: turnFor('who deleted S3 buckets in main yesterday?'),
};
