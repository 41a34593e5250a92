import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { InvestigationResult } from '../../../agents/result.js';
import { InvestigationLog, toldAnswers } from '../../../bot/observability/investigation-log.js';

const result: InvestigationResult = {
  status: 'no_data', answer: 'Nothing failed.', session_id: 'S-1', sources: ['cloudtrail'], scope: { accounts: [], regions: [], from: null, to: null },
  queries: [{ source: 'guardduty', engine: 'aws-api', request: 'ListFindings severity ≥ 7', row_count: 0, ms: 90 }], rows: [], timings: { total_ms: 300 },
  tokens: { input: 0, output: 0 }, model: 'offline-planner', cost_usd: 0,
};

describe('tagged investigation lines', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('ends a job that failed before the agents answered with its status alone', () => {
    const lines: string[] = [];
    const story = new InvestigationLog({ info: (line: string) => void lines.push(line), warn: (line: string) => void lines.push(line) });
    story.question('who\n  stopped   prod?');
    story.progress({ type: 'error', step: 1, message: 'Athena is unreachable', source: 'cloudtrail' });
    story.end('error');
    expect(lines).toEqual(['[cia:plan] question "who stopped prod?"', '[cia:error] Athena is unreachable · source cloudtrail', '[cia:answer] error']);
  });

  it('tells each of the agent runtime\'s answers on the console, naming its investigation and session, secrets redacted', async () => {
    const printed: string[] = [];
    jest.spyOn(console, 'info').mockImplementation((line: string) => void printed.push(line));
    const answer = toldAnswers(async (_invocation, onProgress) => {
      onProgress({ type: 'guard', step: 1, message: 'Query refused by the guard: xoxb-123456789012-abcdefabcdef', source: 'guardduty' });
      return { result };
    }, []);
    const forwarded: string[] = [];
    await answer({ prompt: 'any findings today?', investigation_id: 'I-1', session_id: 'S-1' }, (event) => void forwarded.push(event.message));
    expect(forwarded).toHaveLength(1);
    expect(printed).toEqual([
      '[INFO] cia investigation=I-1 session=S-1 [cia:plan] question "any findings today?"',
      '[INFO] cia investigation=I-1 session=S-1 [cia:guard] Query refused by the guard: [redacted] · source guardduty',
      '[INFO] cia investigation=I-1 session=S-1 [cia:query] guardduty on aws-api · request ListFindings severity ≥ 7 · 0 rows · 90 ms',
      '[INFO] cia investigation=I-1 session=S-1 [cia:model] offline-planner · 0 in · 0 out · no cost',
      '[INFO] cia investigation=I-1 session=S-1 [cia:answer] no_data · grounded in the evidence · 0 rows from cloudtrail · 300 ms',
    ]);
  });
});
