import type { AttackKind } from '../traffic-generator.js';

/** The attacks `POST /sandbox/api/simulate` can start, by the name a person types. */
export const SCENARIOS: Record<string, { kind: AttackKind; description: string; minutes: number; strength: number }> = {
  ddos: { kind: 'ddos_syn_flood', description: 'SYN flood from spoofed sources on port 443', minutes: 10, strength: 3 },
  syn_flood: { kind: 'ddos_syn_flood', description: 'SYN flood from spoofed sources on port 443', minutes: 10, strength: 3 },
  udp_flood: { kind: 'udp_flood', description: 'UDP flood on random ports', minutes: 10, strength: 2 },
  fragmentation: { kind: 'fragmentation_flood', description: 'flood of IP fragments (ports 0)', minutes: 10, strength: 2 },
  slow_ramp: { kind: 'slow_ramp', description: 'HTTPS requests from a botnet, more every minute', minutes: 20, strength: 4 },
  port_scan: { kind: 'port_scan', description: 'one source probing hundreds of ports', minutes: 5, strength: 1 },
  brute_force: { kind: 'brute_force', description: 'SSH password guessing from one source', minutes: 5, strength: 1 },
};

export type ScenarioName = keyof typeof SCENARIOS;

export function scenarioNames(): string[] {
  return Object.keys(SCENARIOS);
}
