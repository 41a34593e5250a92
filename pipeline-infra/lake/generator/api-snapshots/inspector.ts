import { findInstance } from '../inventory.js';
import { DAY, HOUR, isoMillis } from '../rhythm.js';
import { stableId } from '../random.js';
import type { SnapshotFile, SnapshotInput } from './snapshot-file.js';

interface VulnerabilitySpec {
  instance: string;
  cve: string;
  severity: 'MEDIUM' | 'HIGH' | 'CRITICAL';
  score: number;
  pkg: [name: string, version: string, fixedIn: string];
  status: 'ACTIVE' | 'CLOSED';
  title: string;
  /** First seen, days before now. */
  daysAgo: number;
}

/** Package vulnerabilities Inspector reports on the inventory's instances: a critical curl CVE on prod hosts, OpenSSH on the bastion. */
const SPECS: VulnerabilitySpec[] = [
  { instance: 'prod-app-1', cve: 'CVE-2023-38545', severity: 'CRITICAL', score: 9.8, pkg: ['curl', '8.2.1-1.amzn2023.0.1', '8.4.0-1.amzn2023.0.1'], status: 'ACTIVE', title: 'CVE-2023-38545 - curl, libcurl', daysAgo: 9 },
  { instance: 'prod-edge-1', cve: 'CVE-2023-38545', severity: 'CRITICAL', score: 9.8, pkg: ['curl', '8.2.1-1.amzn2023.0.1', '8.4.0-1.amzn2023.0.1'], status: 'ACTIVE', title: 'CVE-2023-38545 - curl, libcurl', daysAgo: 9 },
  { instance: 'prod-bastion-1', cve: 'CVE-2024-6387', severity: 'HIGH', score: 8.1, pkg: ['openssh-server', '8.7p1-8.amzn2023.0.10', '8.7p1-8.amzn2023.0.11'], status: 'ACTIVE', title: 'CVE-2024-6387 - openssh-server', daysAgo: 5 },
  { instance: 'prod-app-2', cve: 'CVE-2023-4911', severity: 'CRITICAL', score: 7.8, pkg: ['glibc', '2.34-52.amzn2023.0.3', '2.34-52.amzn2023.0.7'], status: 'CLOSED', title: 'CVE-2023-4911 - glibc', daysAgo: 12 },
  { instance: 'dev-build-1', cve: 'CVE-2023-48795', severity: 'MEDIUM', score: 5.9, pkg: ['openssh-server', '8.7p1-8.amzn2023.0.7', '8.7p1-8.amzn2023.0.9'], status: 'ACTIVE', title: 'CVE-2023-48795 - openssh-server', daysAgo: 11 },
];

/** ListFindings per account. */
export function inspectorSnapshots({ now }: SnapshotInput): SnapshotFile[] {
  const byAccount = new Map<string, object[]>();
  for (const spec of SPECS) {
    const { instance, inventory } = findInstance(spec.instance);
    const account = inventory.account.id;
    const first = Math.floor((now - spec.daysAgo * DAY) / HOUR) * HOUR;
    const updated = isoMillis(spec.status === 'CLOSED' ? first + 2 * DAY : Math.floor(now / HOUR) * HOUR - HOUR);
    const [name, version, fixedInVersion] = spec.pkg;
    const findings = byAccount.get(account) ?? [];
    findings.push({
      findingArn: `arn:aws:inspector2:${inventory.region}:${account}:finding/${stableId(`${account}/inspector/${spec.instance}/${spec.cve}`, 'hex', 32)}`,
      awsAccountId: account, type: 'PACKAGE_VULNERABILITY', title: spec.title, description: `${spec.cve} affects ${name} before ${fixedInVersion}.`,
      severity: spec.severity, status: spec.status, inspectorScore: spec.score, exploitAvailable: spec.severity === 'CRITICAL' ? 'YES' : 'NO', fixAvailable: 'YES',
      firstObservedAt: isoMillis(first), lastObservedAt: updated, updatedAt: updated,
      resources: [{ type: 'AWS_EC2_INSTANCE', id: instance.id, partition: 'aws', region: inventory.region, tags: { Name: instance.name }, details: { awsEc2Instance: { type: instance.type, imageId: instance.imageId, platform: 'AMAZON_LINUX_2023', ipV4Addresses: [instance.privateIp] } } }],
      packageVulnerabilityDetails: { vulnerabilityId: spec.cve, source: 'NVD', sourceUrl: `https://nvd.nist.gov/vuln/detail/${spec.cve}`, vulnerablePackages: [{ name, version, fixedInVersion, packageManager: 'OS', arch: 'X86_64' }], cvss: [{ baseScore: spec.score, scoringVector: '', source: 'NVD', version: '3.1' }] },
      remediation: { recommendation: { text: `Upgrade ${name} to ${fixedInVersion}.` } },
    });
    byAccount.set(account, findings);
  }
  return [...byAccount].map(([account, findings]) => ({ service: 'inspector', account, operation: 'ListFindings', response: { findings } }));
}
