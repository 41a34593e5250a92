import type { Alert } from '../../../pipeline-infra/alerts/alert.js';
import { InProcessAlertBus } from '../../../pipeline-infra/alerts/bus/in-process-alert-bus.js';
import { SCENARIOS } from '../../../pipeline-infra/stream/simulator/scenarios.js';
import { REPLAY_HOURS, SimulationError, StreamSimulator } from '../../../pipeline-infra/stream/simulator/stream-simulator.js';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const EXPECTED_KIND: Record<string, Alert['kind']> = {
  ddos: 'ddos_syn_flood', syn_flood: 'ddos_syn_flood', udp_flood: 'udp_flood', fragmentation: 'fragmentation_flood', slow_ramp: 'traffic_spike', port_scan: 'port_scan', brute_force: 'brute_force',
};

function simulator(now: () => number, speed = 1) {
  const bus = new InProcessAlertBus();
  const alerts: Alert[] = [];
  bus.subscribe(async (alert) => void alerts.push(alert));
  const delivered: number[] = [];
  const sim = new StreamSimulator({ accounts: ACCOUNTS, bus, now, speed, recordsPerMinute: 2000, warmupMinutes: 60, deliver: (_lines, minute) => void delivered.push(minute) });
  return { sim, alerts, delivered };
}

describe('the simulated stream (sandbox): normal traffic, attacks on demand, the detector core', () => {
  it.each(Object.keys(SCENARIOS))('alerts %s within two windows of its start, on its target, with no alert before it', async (scenario) => {
    const now = Date.parse('2026-11-21T02:00:30Z');
    const { sim, alerts } = simulator(() => now);
    sim.start(3_600_000);
    await sim.idle();
    expect(alerts).toEqual([]);
    const attack = sim.simulate({ scenario, account: '222222222222', target: '10.1.0.11' });
    for (let i = 0; i < 2; i++) sim.step();
    await sim.stop();
    const opened = alerts.filter((a) => a.phase === 'open');
    expect(opened.map((a) => `${a.kind} ${a.account} ${a.target}`)).toEqual([`${EXPECTED_KIND[scenario]} 222222222222 10.1.0.11`]);
    expect(Date.parse(opened[0]!.firstSeen) / 1000 - attack.start).toBeLessThan(2 * 60);
  });

  it('follows stream time: at speed 1 it is the present; faster, it replays the last hours and never runs ahead of now', async () => {
    let now = Date.parse('2026-11-21T02:00:30Z');
    const live = simulator(() => now);
    live.sim.start(3_600_000);
    // Stream time starts at the current minute.
    expect(live.sim.streamTime()).toBe(Date.parse('2026-11-21T02:00:00Z') / 1000);
    // Warm-up minutes are the detector's history, not delivered into the lake.
    expect(live.delivered).toEqual([]);
    now += 61_000;
    live.sim.catchUp();
    expect(live.delivered).toEqual([Date.parse('2026-11-21T02:00:00Z') / 1000]);
    await live.sim.stop();

    now = Date.parse('2026-11-21T02:00:30Z');
    const fast = simulator(() => now, 60);
    fast.sim.start(3_600_000);
    expect(fast.sim.streamTime()).toBe(Date.parse('2026-11-21T02:00:00Z') / 1000 - REPLAY_HOURS * 3600);
    now += 10_000;
    expect(fast.sim.streamTime()).toBe(Date.parse('2026-11-21T02:00:00Z') / 1000 - REPLAY_HOURS * 3600 + 600);
    now += 24 * 3_600_000;
    expect(fast.sim.streamTime()).toBe(now / 1000);
    await fast.sim.stop();
  });

  it('refuses unknown scenarios, accounts, targets and durations with a message saying what is known', () => {
    const { sim } = simulator(() => Date.parse('2026-11-21T02:00:30Z'));
    expect(() => sim.simulate({ scenario: 'meteor' })).toThrow(new SimulationError('unknown scenario "meteor"; known: ddos, syn_flood, udp_flood, fragmentation, slow_ramp, port_scan, brute_force'));
    expect(() => sim.simulate({ scenario: 'ddos', account: '444444444444' })).toThrow(/not in the simulated organization/);
    expect(() => sim.simulate({ scenario: 'ddos', target: '10.9.9.9' })).toThrow(/is not a server of account 333333333333; try 10\.2\.0\.10/);
    expect(() => sim.simulate({ scenario: 'ddos', minutes: 0 })).toThrow(/minutes must be a whole number from 1 to 1440/);
  });
});
