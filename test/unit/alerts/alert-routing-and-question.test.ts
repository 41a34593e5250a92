import { alertQuestion } from '../../../pipeline-infra/alerts/alert-question.js';
import { routeAlert } from '../../../pipeline-infra/alerts/route-alert.js';
import { parseOrgConfig } from '../../../pipeline-infra/config/org-config.js';
import { ConfigError } from '../../../pipeline-infra/config/config-error.js';
import { anAlert } from './alert-fixtures.js';

const config = parseOrgConfig({
  accounts: [{ id: '111111111111', alias: 'main' }, { id: '333333333333', alias: 'prod' }],
  alerts: { channel: 'oncall', routes: [{ channel: 'sev1-prod', severities: ['SEV1'], accounts: ['prod'] }, { channel: 'security', accounts: ['main'] }] },
});

describe('alert routing from configuration', () => {
  it('sends an alert to the first route matching its severity and account, else the default channel', () => {
    expect(routeAlert({ severity: 'SEV1', account: '333333333333' }, config)).toBe('sev1-prod');
    expect(routeAlert({ severity: 'SEV2', account: '333333333333' }, config)).toBe('oncall');
    expect(routeAlert({ severity: 'SEV3', account: '111111111111' }, config)).toBe('security');
    expect(routeAlert({ severity: 'SEV1', account: '999999999999' }, parseOrgConfig({}))).toBe('oncall');
  });

  it('rejects routes naming unknown aliases or severities, naming the key', () => {
    expect(() => parseOrgConfig({ accounts: [{ id: '111111111111', alias: 'main' }], alerts: { routes: [{ channel: 'x', accounts: ['prod'] }] } })).toThrow(/alerts\.routes\[0\]\.accounts\[0\].*"prod" is not an alias/);
    expect(() => parseOrgConfig({ alerts: { routes: [{ channel: 'x', severities: ['SEV0'] }] } })).toThrow(ConfigError);
    expect(() => parseOrgConfig({ alerts: { chanel: 'x' } })).toThrow(/chanel/);
  });
});

describe('the Investigate question', () => {
  const now = Date.parse('2026-11-21T02:30:00Z');
  it('scopes the question to the account, the target and the incident window, never past now', () => {
    expect(alertQuestion(anAlert({ lastSeen: '2026-11-21T02:04:00Z' }), now)).toBe('which sources sent the most traffic to 10.2.0.10 in account 333333333333 between 2026-11-21T01:55Z and 2026-11-21T02:09Z?');
    expect(alertQuestion(anAlert({ lastSeen: '2026-11-21T02:28:00Z' }), now)).toMatch(/and 2026-11-21T02:30Z\?$/);
  });

  it('asks what fits the kind', () => {
    expect(alertQuestion(anAlert({ kind: 'port_scan' }), now)).toMatch(/^which sources scanned ports on 10\.2\.0\.10 /);
    const brute = anAlert({ kind: 'brute_force' });
    brute.evidence = { ...brute.evidence, ports: [22] };
    expect(alertQuestion(brute, now)).toMatch(/to 10\.2\.0\.10 on port 22 in account/);
    const errors = anAlert({ kind: 'metric_anomaly', target: 'AWS/Lambda/Errors{FunctionName=checkout}' });
    errors.evidence = { ...errors.evidence, metric: 'AWS/Lambda/Errors' };
    expect(alertQuestion(errors, now)).toMatch(/^which errors were logged in account 333333333333/);
  });
});
