import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { MemoryStore } from '../../agents/memory/memory-store.js';
import type { InvestigationResult, InvestigationStatus } from '../../agents/result.js';
import type { AlertEffect } from '../alerts/alert-record.js';

/** The CloudWatch metrics of namespace `cia` (EMF), all with the dimension `service=cia`. */
const METRIC = {
  /** One per investigation, with the dimension `status` (answered, no_data, needs_clarification, refused, error). */
  investigations: 'Investigations',
  /** From the job's acceptance by the slack function to its terminal message. */
  latency: 'InvestigationLatency',
  inputTokens: 'InputTokens',
  outputTokens: 'OutputTokens',
  /** USD, at the model's on-demand price (not reported where the price is unknown). */
  cost: 'EstimatedCostUSD',
  guardInterventions: 'GuardInterventions',
  /** Memory reads and writes that failed: they cost the context, never the answer, so only this shows them. */
  memoryFailures: 'MemoryFailures',
} as const;

/** What the alerts function did with an SNS message: the alert poster's effect, dropped (not an alert), or nothing (a repeat of one handled). */
export type AlertDelivery = AlertEffect['kind'] | 'dropped' | 'repeat';

const ALERT_METRIC: Record<AlertDelivery, string> = {
  post: 'AlertsPosted',
  edit: 'AlertsUpdated',
  suppress: 'AlertsSuppressed',
  ignore: 'AlertsIgnored',
  dropped: 'AlertMessagesDropped',
  repeat: 'AlertMessagesRepeated',
};

export interface InvestigationEnd {
  status: InvestigationStatus;
  latencyMs: number;
  guardInterventions: number;
  /** The agents' result, when they got as far as one. */
  result?: InvestigationResult;
}

export function recordInvestigation(metrics: Metrics, end: InvestigationEnd): void {
  // A dimension applies to every metric of an EMF record: the one with the status goes alone.
  metrics.singleMetric().addDimension('status', end.status).addMetric(METRIC.investigations, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.latency, MetricUnit.Milliseconds, end.latencyMs);
  metrics.addMetric(METRIC.guardInterventions, MetricUnit.Count, end.guardInterventions);
  if (!end.result) return;
  metrics.addMetric(METRIC.inputTokens, MetricUnit.Count, end.result.tokens.input);
  metrics.addMetric(METRIC.outputTokens, MetricUnit.Count, end.result.tokens.output);
  if (end.result.cost_usd !== null) metrics.addMetric(METRIC.cost, MetricUnit.NoUnit, end.result.cost_usd);
}

export function recordAlertDelivery(metrics: Metrics, delivery: AlertDelivery): void {
  metrics.addMetric(ALERT_METRIC[delivery], MetricUnit.Count, 1);
}

/** The memory store with each failed call counted; the failure itself goes on to the agents, who answer without memory. */
export function countingMemoryFailures(store: MemoryStore, metrics: Metrics): MemoryStore {
  const counted = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    try {
      return await call(...args);
    } catch (error) {
      metrics.addMetric(METRIC.memoryFailures, MetricUnit.Count, 1);
      throw error;
    }
  };
  return { name: store.name, record: counted(store.record.bind(store)), recall: counted(store.recall.bind(store)), forget: counted(store.forget.bind(store)) };
}
