import { nearestRank } from '../../pipeline-infra/bench/statistics.js';
import { startSandbox } from './start-sandbox.js';
import type { ApiCallRecord, DeliveryRecord, MessageView } from './emulator/types.js';

export interface SlackBenchFigures {
  investigations: number;
  ack_ms: { p50: number; p99: number; max: number };
  first_message_ms: { p50: number; p99: number; max: number };
  answer_ms: { p50: number; p99: number; max: number };
  api_calls_per_investigation: { max: number; mean: number };
  min_edit_spacing_ms: number | null;
  targets: { ack_p99_under_300ms: boolean; first_message_under_1s: boolean; at_most_12_calls: boolean; edits_at_least_1500ms_apart: boolean };
}

const QUESTIONS = [
  'how many API calls failed today?',
  'which IAM users made the most calls today?',
  'who deleted S3 buckets in the last 3 days?',
  'top talkers in prod yesterday',
  'what did svc-reporting do in the last 3 days?',
];

/**
 * `cia bench slack`: investigations started through the sandbox exactly as Slack delivers them,
 * one after another, measuring what Slack would see: the ack, the first message, the answer, the
 * Web API calls and the spacing of progress edits.
 */
export async function benchSlack(options: { runs: number; env: NodeJS.ProcessEnv }): Promise<SlackBenchFigures> {
  const sandbox = await startSandbox({ ...options.env, CIA_SANDBOX_PORT: '0', CIA_BOT_PORT: '0', CIA_LOG_LEVEL: 'error' });
  const api = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${sandbox.sandboxUrl}${path}`, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
    return (await response.json()) as T;
  };
  const acks: number[] = [];
  const firstMessages: number[] = [];
  const answers: number[] = [];
  const callCounts: number[] = [];
  let minEditSpacing: number | null = null;
  try {
    for (let run = 0; run < options.runs; run++) {
      const callsBefore = (await api<ApiCallRecord[]>('/sandbox/api/calls')).length;
      const deliveriesBefore = (await api<DeliveryRecord[]>('/sandbox/api/deliveries')).length;
      const started = Date.now();
      await api('/sandbox/api/command', { channel: 'oncall', user: 'U01ALICE', command: '/cia', text: QUESTIONS[run % QUESTIONS.length] });
      const root = await waitFor(async () => (await api<ApiCallRecord[]>('/sandbox/api/calls')).slice(callsBefore).find((c) => c.method === 'chat.postMessage'));
      await sandbox.jobs.idle();
      await waitFor(async () => ended(await api<MessageView[]>('/sandbox/api/messages?channel=oncall'), root.ts!));
      const calls = (await api<ApiCallRecord[]>('/sandbox/api/calls')).slice(callsBefore);
      const delivery = (await api<DeliveryRecord[]>('/sandbox/api/deliveries')).slice(deliveriesBefore).find((d) => d.kind === 'command')!;
      acks.push(delivery.ms);
      firstMessages.push(root.at - started);
      answers.push(Math.max(...calls.map((c) => c.at)) - started);
      callCounts.push(calls.length);
      const edits = calls.filter((c) => c.method === 'chat.update' && c.ok).map((c) => c.at);
      for (let i = 1; i < edits.length; i++) minEditSpacing = Math.min(minEditSpacing ?? Infinity, edits[i]! - edits[i - 1]!);
    }
  } finally {
    await sandbox.close();
  }
  const summary = (values: number[]) => ({ p50: nearestRank(values, 0.5) ?? 0, p99: nearestRank(values, 0.99) ?? 0, max: Math.max(...values) });
  const figures = {
    investigations: options.runs,
    ack_ms: summary(acks),
    first_message_ms: summary(firstMessages),
    answer_ms: summary(answers),
    api_calls_per_investigation: { max: Math.max(...callCounts), mean: Math.round((callCounts.reduce((a, b) => a + b, 0) / callCounts.length) * 10) / 10 },
    min_edit_spacing_ms: minEditSpacing,
  };
  return {
    ...figures,
    targets: {
      ack_p99_under_300ms: figures.ack_ms.p99 < 300,
      first_message_under_1s: figures.first_message_ms.max < 1000,
      at_most_12_calls: figures.api_calls_per_investigation.max <= 12,
      edits_at_least_1500ms_apart: minEditSpacing === null || minEditSpacing >= 1500,
    },
  };
}

/** The thread's progress message has reached ✅ or ❌. */
function ended(messages: MessageView[], threadTs: string): boolean {
  return messages.some((m) => m.thread_ts === threadTs && m.ts !== threadTs && /✅|❌/.test(JSON.stringify(m.blocks)));
}

async function waitFor<T>(read: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('the sandbox did not answer in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
