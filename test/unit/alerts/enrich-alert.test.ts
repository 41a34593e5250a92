import { DEFAULT_TIME_TO_ACT_HOURS, enrichAlert, runbookQuery } from '../../../pipeline-infra/alerts/enrich-alert.js';
import { LocalRunbookIndex } from '../../../pipeline-infra/alerts/runbooks/local-runbook-index.js';
import type { RunbookIndex } from '../../../pipeline-infra/alerts/runbooks/runbook-index.js';
import { anAlert } from './alert-fixtures.js';

describe('alert enrichment by runbook retrieval', () => {
  let index: LocalRunbookIndex;
  beforeAll(async () => {
    index = await LocalRunbookIndex.fromDirectory();
  });

  it('builds the query from the kind and the evidence', () => {
    const brute = anAlert({ kind: 'brute_force' });
    brute.evidence = { ...brute.evidence, ports: [22, 3389] };
    expect(runbookQuery(brute)).toBe('brute force password guessing login attempts TCP SSH RDP');
  });

  it.each([
    ['ddos_syn_flood', undefined, 'ddos-syn-flood'],
    ['fragmentation_flood', undefined, 'fragmentation-flood'],
    ['port_scan', undefined, 'port-scan'],
    ['brute_force', undefined, 'brute-force'],
    ['metric_anomaly', 'Errors', 'error-spike'],
    ['metric_anomaly', 'EstimatedCharges', 'cost-spike'],
    ['metric_anomaly', 'NetworkOut', 'data-exfiltration'],
  ] as const)('%s %s follows the %s runbook: its immediate actions and its time to act, both cited', async (kind, metric, runbook) => {
    const alert = anAlert({ kind, severity: 'SEV2' });
    if (metric) alert.evidence = { ...alert.evidence, metric, dimensions: {}, protocol: null, ports: [] };
    const guidance = await enrichAlert(alert, index);
    expect(guidance).toMatchObject({ runbook, severity: 'SEV2', section: 'Immediate actions', citation: `pipeline-infra/runbooks/${runbook}.md#immediate-actions` });
    expect(guidance!.actions.length).toBeGreaterThanOrEqual(3);
    expect(guidance!.actions.length).toBeLessThanOrEqual(5);
    expect(guidance!.timeToAct.citation).toBe(`pipeline-infra/runbooks/${runbook}.md#time-to-act`);
    expect(Date.parse(guidance!.timeToAct.deadline) - Date.parse(alert.firstSeen)).toBe(guidance!.timeToAct.hours * 3_600_000);
  });

  it('falls back to the default time to act when the runbook gives none, and to nothing when no runbook matches', async () => {
    const silent: RunbookIndex = { retrieve: (query, options) => index.retrieve(query, options), timeToAct: async () => null };
    const guidance = await enrichAlert(anAlert({ severity: 'SEV3' }), silent);
    expect(guidance!.timeToAct).toMatchObject({ hours: DEFAULT_TIME_TO_ACT_HOURS.SEV3, citation: null, reason: 'SEV3 default' });
    const empty: RunbookIndex = { retrieve: async () => [], timeToAct: async () => null };
    expect(await enrichAlert(anAlert(), empty)).toBeNull();
  });
});
