import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Detector } from '../../../pipeline-infra/stream/detector.js';
import { parseFlowLogText } from '../../../pipeline-infra/stream/flow-record.js';
import { ACCOUNTS, generateTraffic } from '../../../pipeline-infra/stream/traffic-generator.js';

// Semi-synthetic, as ../shared/data/README.md §4 describes: real CIC-DDoS2019 SYN-flood rows
// (attack only, 0.7 s of capture) replayed into generated benign traffic, time-shifted and with
// the addresses remapped (attacker → a public address, victim → one of the generated servers).
const CIC = resolve(process.cwd(), '../shared/data/ddos/cicddos2019_lucid_sample/cicddos2019_vpcflow_like.csv');

describe('real CIC-DDoS2019 SYN flood rows replayed into benign traffic', () => {
  it('are reported as one ddos_syn_flood incident on the victim, with no other alert', () => {
    let benign = '';
    const generated = generateTraffic({ records: 300_000, seed: 5, durationSeconds: 3 * 3600, attacks: [] }, (chunk) => void (benign += chunk));
    const victim = '10.2.0.10';
    const attackAt = generated.startTime + 2 * 3600 + 30 * 60;
    const csv = readFileSync(CIC, 'utf8').trim().split(/\r?\n/);
    const header = csv[0]!.split(',');
    const col = (name: string) => header.indexOf(name);
    const replay: string[] = [];
    let first = Number.POSITIVE_INFINITY;
    for (const line of csv.slice(1)) {
      const f = line.split(',');
      if (f[col('source_file')] !== 'CIC-DDoS-2019-SynFlood.pcap') continue;
      first = Math.min(first, Number(f[col('start')]));
    }
    for (const line of csv.slice(1)) {
      const f = line.split(',');
      if (f[col('source_file')] !== 'CIC-DDoS-2019-SynFlood.pcap') continue;
      const remap = (a: string) => (a === '172.16.0.5' ? '203.0.113.250' : a === '192.168.50.4' ? victim : a);
      const shift = (t: string) => Number(t) - first + attackAt;
      replay.push(['2', ACCOUNTS[2], 'eni-0replay000000000', remap(f[col('srcaddr')]!), remap(f[col('dstaddr')]!), f[col('srcport')], f[col('dstport')], f[col('protocol')], f[col('packets')], f[col('bytes')], shift(f[col('start')]!), shift(f[col('end')]!), f[col('action')], f[col('log_status')]].join(' '));
    }
    expect(replay.length).toBe(13122);
    // Insert the replayed rows where their minute ends in the benign stream.
    const lines = benign.trim().split('\n');
    const cut = lines.findIndex((l) => Number(l.split(' ')[10]) >= attackAt - (attackAt % 60) + 60);
    const detector = new Detector();
    detector.push(parseFlowLogText([...lines.slice(0, cut), ...replay, ...lines.slice(cut)].join('\n')).batch);
    detector.flush();
    const alerts = detector.drain();
    const opened = alerts.filter((a) => a.phase === 'open');
    expect(opened.map((a) => `${a.kind} ${a.account} ${a.target}`)).toEqual([`ddos_syn_flood ${ACCOUNTS[2]} ${victim}`]);
    const open = opened[0]!;
    expect(Date.parse(open.evidence.start) / 1000).toBe(attackAt - (attackAt % 60));
    expect(open.evidence.unit).toBe('flows/s');
    expect(open.evidence.percentOverBaseline).toBeGreaterThan(1000);
    expect(open.evidence.topSources[0]).toMatchObject({ address: '203.0.113.250' });
    expect(open.severity).toBe('SEV1');
    expect(alerts.filter((a) => a.phase === 'resolve').map((a) => a.fingerprint)).toEqual([open.fingerprint]);
  });
});
