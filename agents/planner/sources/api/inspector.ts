import type { ApiQuery } from '../../source-query.js';

const SEVERITY: [RegExp, 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW'][] = [
  [/\bcritical\b/, 'CRITICAL'],
  [/\bhigh\b/, 'HIGH'],
  [/\bmedium\b/, 'MEDIUM'],
  [/\blow\b/, 'LOW'],
];

/** Vulnerabilities Inspector found: by severity, one CVE, one resource; open unless fixed ones are asked for. */
export function planInspector(question: string): ApiQuery<'inspector'> {
  const text = question.toLowerCase();
  const severity = SEVERITY.find(([pattern]) => pattern.test(text))?.[1];
  const cve = /\b(cve-\d{4}-\d{4,7})\b/.exec(text)?.[1]?.toUpperCase();
  const resource = /\b(i-[0-9a-f]{8,17})\b/.exec(text)?.[1];
  const fixed = /\b(?:fixed|closed|resolved|remediated|patched)\b/.test(text) && !/\bunpatched\b/.test(text);
  return {
    request: { service: 'inspector', status: fixed ? 'CLOSED' : 'ACTIVE', ...(severity ? { severityAtLeast: severity } : {}), ...(cve ? { vulnerabilityId: cve } : {}), ...(resource ? { resourceId: resource } : {}) },
    time: 'stated',
    subject: `${fixed ? 'fixed' : 'open'} vulnerabilities found by Inspector`,
    conditions: [...(severity ? [`of ${severity.toLowerCase()} severity${severity === 'CRITICAL' ? '' : ' or more'}`] : []), ...(cve ? [`for ${cve}`] : []), ...(resource ? [`on ${resource}`] : [])],
    entityColumns: ['vulnerability', 'resource'],
  };
}
