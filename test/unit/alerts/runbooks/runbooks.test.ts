import type { AlertKind, Severity } from '../../../../pipeline-infra/alerts/alert.js';
import { loadRunbooks } from '../../../../pipeline-infra/alerts/runbooks/load-runbooks.js';
import { timeToActIn, type Runbook } from '../../../../pipeline-infra/alerts/runbooks/parse-runbook.js';

// Typed as a record so that a new AlertKind fails compilation until a runbook answers it.
const ALL_KINDS = Object.keys({
  ddos_syn_flood: 1,
  udp_flood: 1,
  fragmentation_flood: 1,
  traffic_spike: 1,
  port_scan: 1,
  brute_force: 1,
  metric_anomaly: 1,
} satisfies Record<AlertKind, 1>) as AlertKind[];

const SECTIONS = ['When this fires', 'Confirm', 'Immediate actions', 'Time to act', 'Investigate', 'Escalate', 'Recover and follow up', 'References'];
const SEVERITIES: Severity[] = ['SEV1', 'SEV2', 'SEV3'];
const EXPECTED_IDS = ['brute-force', 'cost-spike', 'data-exfiltration', 'ddos-syn-flood', 'error-spike', 'fragmentation-flood', 'port-scan'];

describe('the runbooks in pipeline-infra/runbooks', () => {
  let runbooks: Runbook[];
  beforeAll(async () => (runbooks = await loadRunbooks()));

  it('all parse, in file-name order', () => {
    expect(runbooks.map((r) => r.id)).toEqual(EXPECTED_IDS);
  });

  it('each has the eight sections, in order, and an introduction', () => {
    for (const runbook of runbooks) {
      expect({ id: runbook.id, sections: runbook.sections.map((s) => s.heading) }).toEqual({ id: runbook.id, sections: SECTIONS });
      expect(runbook.intro.length).toBeGreaterThan(200);
      for (const section of runbook.sections) expect(section.text).not.toBe('');
    }
  });

  it('each gives a time to act for SEV1, SEV2 and SEV3, more urgent as severity rises', () => {
    for (const runbook of runbooks) {
      const hours = SEVERITIES.map((severity) => timeToActIn(runbook, severity)?.hours);
      expect(hours.every((h) => typeof h === 'number' && h > 0)).toBe(true);
      expect([runbook.id, hours[0]! <= hours[1]! && hours[1]! <= hours[2]!]).toEqual([runbook.id, true]);
      for (const severity of SEVERITIES) expect(timeToActIn(runbook, severity)!.reason.length).toBeGreaterThan(20);
    }
  });

  it('each has at least four concrete immediate actions, one line each', () => {
    for (const runbook of runbooks) {
      const steps = runbook.sections.find((s) => s.anchor === 'immediate-actions')!.steps;
      expect([runbook.id, steps.length >= 4]).toEqual([runbook.id, true]);
      for (const step of steps) expect(step).not.toContain('\n');
      // At least one step an engineer can paste: an AWS CLI command.
      expect([runbook.id, steps.some((step) => /`aws [a-z0-9-]+ [a-z-]+/.test(step))]).toEqual([runbook.id, true]);
    }
  });

  it('together answer every alert kind, and tell metric anomalies apart by metric', () => {
    const answered = new Set(runbooks.flatMap((r) => r.alertKinds));
    expect(ALL_KINDS.filter((kind) => !answered.has(kind))).toEqual([]);
    const metricRunbooks = runbooks.filter((r) => r.alertKinds.includes('metric_anomaly'));
    expect(metricRunbooks.map((r) => r.id)).toEqual(['cost-spike', 'data-exfiltration', 'error-spike']);
    const metrics = metricRunbooks.flatMap((r) => r.metrics);
    expect(metrics.length).toBeGreaterThan(6);
    expect(new Set(metrics).size).toBe(metrics.length);
  });

  it('suggest questions for the bot and cite only AWS documentation', () => {
    for (const runbook of runbooks) {
      const investigate = runbook.sections.find((s) => s.anchor === 'investigate')!;
      expect([runbook.id, investigate.steps.filter((step) => step.includes('`/cia ')).length >= 3]).toEqual([runbook.id, true]);
      const links = [...runbook.sections.find((s) => s.anchor === 'references')!.text.matchAll(/\]\((https?:[^)]+)\)/g)].map((m) => m[1]!);
      expect(links.length).toBeGreaterThanOrEqual(3);
      for (const link of links) expect(link).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});
