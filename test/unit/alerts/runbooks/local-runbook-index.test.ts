import { LocalRunbookIndex } from '../../../../pipeline-infra/alerts/runbooks/local-runbook-index.js';
import { parseRunbook } from '../../../../pipeline-infra/alerts/runbooks/parse-runbook.js';

describe('LocalRunbookIndex over the real runbooks', () => {
  let index: LocalRunbookIndex;
  beforeAll(async () => (index = await LocalRunbookIndex.fromDirectory()));
  const first = async (query: string) => (await index.retrieve(query))[0]?.runbook;

  it.each([
    ['SYN flood TCP 443 spoofed sources traffic spike', 'ddos-syn-flood'],
    ['udp_flood UDP 123 reflection', 'ddos-syn-flood'],
    ['SSH 22 password guessing', 'brute-force'],
    ['brute_force RDP 3389', 'brute-force'],
    ['fragments fragmentation', 'fragmentation-flood'],
    ['port scan many ports', 'port-scan'],
    ['metric anomaly Errors FunctionName', 'error-spike'],
    ['metric_anomaly HTTPCode_Target_5XX_Count LoadBalancer', 'error-spike'],
    ['EstimatedCharges', 'cost-spike'],
    ['metric_anomaly ResourceCount', 'cost-spike'],
    ['NetworkOut egress', 'data-exfiltration'],
    ['metric_anomaly BytesDownloaded BucketName', 'data-exfiltration'],
  ])('%s → %s', async (query, runbook) => {
    expect(await first(query)).toBe(runbook);
  });

  it('returns passages that cite their section and carry its steps', async () => {
    const [passage] = await index.retrieve('Shield Response Team rate-based rule', { section: 'immediate-actions' });
    expect(passage).toMatchObject({
      runbook: 'ddos-syn-flood',
      runbookTitle: 'DDoS and SYN flood',
      section: 'Immediate actions',
      anchor: 'immediate-actions',
      citation: 'pipeline-infra/runbooks/ddos-syn-flood.md#immediate-actions',
    });
    expect(passage!.steps.length).toBeGreaterThanOrEqual(4);
    expect(passage!.text).toContain(passage!.steps[0]!);
    expect(passage!.score).toBeGreaterThan(0);
  });

  it('restricts to one runbook, and to one section', async () => {
    expect(await first('flood traffic throttles')).toBe('ddos-syn-flood');
    const only = await index.retrieve('flood traffic throttles', { runbook: 'error-spike', limit: 10 });
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((p) => p.runbook === 'error-spike')).toBe(true);
    const sections = await index.retrieve('flood', { section: 'time-to-act', limit: 10 });
    expect(sections.length).toBeGreaterThan(0);
    expect(sections.every((p) => p.anchor === 'time-to-act')).toBe(true);
    expect(await index.retrieve('SYN flood', { runbook: 'no-such-runbook' })).toEqual([]);
  });

  it('honours the limit, 3 by default, best first', async () => {
    const three = await index.retrieve('flood sources traffic');
    expect(three).toHaveLength(3);
    expect(await index.retrieve('flood sources traffic', { limit: 1 })).toHaveLength(1);
    expect(await index.retrieve('flood sources traffic', { limit: 0 })).toEqual([]);
    const scores = (await index.retrieve('flood sources traffic', { limit: 8 })).map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('returns nothing, without throwing, for an empty, stop-word or nonsense query', async () => {
    expect(await index.retrieve('')).toEqual([]);
    expect(await index.retrieve('   ')).toEqual([]);
    expect(await index.retrieve('the of and to')).toEqual([]);
    expect(await index.retrieve('xyzzy qwertyuiop')).toEqual([]);
    expect(await index.retrieve('!!! ??? ---')).toEqual([]);
  });

  it('gives a runbook\'s time to act for a severity, citing the section', async () => {
    expect(await index.timeToAct('data-exfiltration', 'SEV1')).toEqual({
      hours: 1,
      reason: expect.stringContaining('stop the transfer'),
      citation: 'pipeline-infra/runbooks/data-exfiltration.md#time-to-act',
    });
    expect((await index.timeToAct('ddos-syn-flood', 'SEV3'))?.hours).toBe(72);
    expect(await index.timeToAct('no-such-runbook', 'SEV1')).toBeNull();
  });
});

describe('LocalRunbookIndex from parsed runbooks', () => {
  const runbook = (id: string, kinds: string, metrics: string, actions: string) =>
    parseRunbook(
      id,
      `---\nalert_kinds: [${kinds}]\nmetrics: [${metrics}]\n---\n# ${id}\n## Immediate actions\n${actions}\n## Time to act\n- SEV1: 1 h — a\n- SEV2: 2 h — b\n- SEV3: 3 h — c\n`,
    );

  it('tells metric anomalies apart by their metric name, whole or by its parts', async () => {
    const index = new LocalRunbookIndex([runbook('errors', 'metric_anomaly', 'HTTPCode_Target_5XX_Count', '1. Roll back.'), runbook('costs', 'metric_anomaly', 'EstimatedCharges', '1. Stop it.')]);
    expect((await index.retrieve('metric_anomaly HTTPCode_Target_5XX_Count'))[0]?.runbook).toBe('errors');
    expect((await index.retrieve('target 5xx'))[0]?.runbook).toBe('errors');
    expect((await index.retrieve('metric_anomaly EstimatedCharges'))[0]?.runbook).toBe('costs');
  });

  it('finds words inside code spans and commands', async () => {
    const index = new LocalRunbookIndex([runbook('shield', 'ddos_syn_flood', '', '1. Run `aws shield list-attacks`.'), runbook('other', 'port_scan', '', '1. Close it.')]);
    expect((await index.retrieve('aws'))[0]?.runbook).toBe('shield');
    expect((await index.retrieve('list-attacks'))[0]?.runbook).toBe('shield');
  });

  it('refuses two runbooks with one id', () => {
    const twice = runbook('same', 'port_scan', '', '1. x');
    expect(() => new LocalRunbookIndex([twice, twice])).toThrow(/same/);
  });

  it('matches longer words by prefix but not short ones', async () => {
    const index = new LocalRunbookIndex([runbook('frag', 'fragmentation_flood', '', '1. Check the vendor portal.'), runbook('scan', 'port_scan', '', '1. Close it.')]);
    expect((await index.retrieve('fragment'))[0]?.runbook).toBe('frag');
    expect(new Set((await index.retrieve('port', { limit: 10 })).map((p) => p.runbook))).toEqual(new Set(['scan']));
  });
});
