import { PublishBatchCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert } from '../alert.js';
import type { AlertBus } from './alert-bus.js';

const SNS_BATCH = 10;

/**
 * The production bus: one SNS message per alert (the alert as JSON), with severity, account, kind
 * and phase as message attributes so subscriptions can filter. Partial failures are retried once,
 * then thrown: the Kinesis batch is retried rather than an alert lost.
 */
export class SnsAlertBus implements AlertBus {
  constructor(
    private readonly client: Pick<SNSClient, 'send'>,
    private readonly topicArn: string,
  ) {}

  async publish(alerts: readonly Alert[]): Promise<void> {
    for (let i = 0; i < alerts.length; i += SNS_BATCH) {
      let pending = alerts.slice(i, i + SNS_BATCH).map((alert, j) => ({ id: String(i + j), alert }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        const result = await this.client.send(
          new PublishBatchCommand({
            TopicArn: this.topicArn,
            PublishBatchRequestEntries: pending.map(({ id, alert }) => ({
              Id: id,
              Message: JSON.stringify(alert),
              MessageAttributes: {
                severity: { DataType: 'String', StringValue: alert.severity },
                account: { DataType: 'String', StringValue: alert.account || 'unknown' },
                kind: { DataType: 'String', StringValue: alert.kind },
                phase: { DataType: 'String', StringValue: alert.phase },
              },
            })),
          }),
        );
        const failed = new Set((result.Failed ?? []).map((f) => f.Id));
        if (failed.size > 0 && attempt >= 1) {
          const first = result.Failed![0]!;
          throw new Error(`SNS refused ${failed.size} alert(s): ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim());
        }
        pending = pending.filter(({ id }) => failed.has(id));
      }
    }
  }
}
