import type { OrgConfig } from '../config/org-config.js';
import type { Alert } from './alert.js';

/**
 * The channel an alert goes to (DESIGN §5, routing by severity and account): the first route of
 * `alerts.routes` whose severities and account aliases both match, else the default
 * channel. An incident stays in the channel it was first posted to.
 */
export function routeAlert(alert: Pick<Alert, 'severity' | 'account'>, config: Pick<OrgConfig, 'alerts' | 'accounts'>): string {
  const alias = config.accounts.find((a) => a.id === alert.account)?.alias;
  for (const route of config.alerts.routes) {
    if (route.severities && !route.severities.includes(alert.severity)) continue;
    if (route.accounts && (alias === undefined || !route.accounts.includes(alias))) continue;
    return route.channel;
  }
  return config.alerts.channel;
}
