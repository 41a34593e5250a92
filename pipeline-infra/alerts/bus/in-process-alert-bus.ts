import type { Alert } from '../alert.js';
import type { AlertBus, AlertSubscriber } from './alert-bus.js';

/**
 * The embedded bus: alerts go to the subscribers one at a time, in publish order, so a
 * fingerprint's open is handled before its update. A failing subscriber is reported to `onError`
 * and does not stop the others.
 */
export class InProcessAlertBus implements AlertBus {
  private readonly subscribers: AlertSubscriber[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly onError: (error: unknown, alert: Alert) => void = () => {}) {}

  subscribe(subscriber: AlertSubscriber): void {
    this.subscribers.push(subscriber);
  }

  publish(alerts: readonly Alert[]): Promise<void> {
    const delivered = this.chain.then(async () => {
      for (const alert of alerts) {
        for (const subscriber of this.subscribers) {
          try {
            await subscriber(alert);
          } catch (error) {
            this.onError(error, alert);
          }
        }
      }
    });
    this.chain = delivered;
    return delivered;
  }

  /** Resolves once every alert published so far has been delivered. */
  idle(): Promise<void> {
    return this.chain;
  }
}
