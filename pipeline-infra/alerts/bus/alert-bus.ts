import type { Alert } from '../alert.js';

/**
 * Where the detector hands its alerts to the Slack side (DESIGN §2): SNS in production, an
 * in-process bus locally. Delivery is at least once and unordered on SNS, so subscribers must be
 * idempotent per fingerprint and phase.
 */
export interface AlertBus {
  publish(alerts: readonly Alert[]): Promise<void>;
}

/** What a subscriber makes of an alert (it may say what it did) is its own business. */
export type AlertSubscriber = (alert: Alert) => Promise<unknown>;
