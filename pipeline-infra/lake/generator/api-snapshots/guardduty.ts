import { guardDutyApiCutoff } from '../../../api-sources/services/guardduty.js';
import type { SnapshotFile, SnapshotInput } from './snapshot-file.js';

/**
 * GetFindings as the API answers it now: the latest version of each finding the lake received
 * (EventBridge sends a finding again on every update), still within GuardDuty's 90 days. The
 * API's finding is the event's `detail` with PascalCase keys.
 */
export function guardDutySnapshots({ now, guardduty }: SnapshotInput): SnapshotFile[] {
  const cutoff = guardDutyApiCutoff(new Date(now)).toISOString();
  const latest = new Map<string, (typeof guardduty)[number]['detail']>();
  for (const { detail } of guardduty) {
    const seen = latest.get(detail.id);
    if (!seen || seen.updatedAt < detail.updatedAt) latest.set(detail.id, detail);
  }
  const byAccount = new Map<string, object[]>();
  for (const detail of latest.values()) {
    if (detail.updatedAt < cutoff) continue;
    const findings = byAccount.get(detail.accountId) ?? [];
    findings.push(pascalKeys(detail));
    byAccount.set(detail.accountId, findings);
  }
  return [...byAccount].map(([account, Findings]) => ({ service: 'guardduty', account, operation: 'GetFindings', response: { Findings } }));
}

/** `{resourceType: …}` → `{ResourceType: …}`, all the way down (the API's casing of EventBridge's finding). */
export function pascalKeys(value: unknown): object {
  if (Array.isArray(value)) return value.map((v) => (v !== null && typeof v === 'object' ? pascalKeys(v) : v));
  return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k[0]!.toUpperCase() + k.slice(1), v !== null && typeof v === 'object' ? pascalKeys(v) : v]));
}
