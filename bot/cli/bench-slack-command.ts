import { Command } from 'commander';
import { wholeNumber } from './number-option.js';

/** `cia bench slack`: what Slack would see of investigations in the sandbox (acks, first message, API calls, edits). */
export function benchSlackCommand(): Command {
  return new Command('slack')
    .description('start investigations through the sandbox as Slack delivers them; print ack and first-message latency, API calls and edit spacing')
    .option('--runs <n>', 'investigations to run', wholeNumber('--runs', 1), 20)
    .option('--json', 'print one JSON object')
    .action(async (options: { runs: number; json?: boolean }) => {
      const { benchSlack } = await import('../sandbox/bench-slack.js');
      const figures = await benchSlack({ runs: options.runs, env: process.env });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(figures)}\n`);
        return;
      }
      const line = (label: string, value: string, met?: boolean) => `${label.padEnd(34)} ${value}${met === undefined ? '' : met ? '   ✓ target met' : '   ✗ target missed'}`;
      process.stdout.write(
        [
          `cia bench slack: ${figures.investigations} investigations through the sandbox`,
          line('ack (p50 / p99 / max)', `${figures.ack_ms.p50} / ${figures.ack_ms.p99} / ${figures.ack_ms.max} ms`, figures.targets.ack_p99_under_300ms),
          line('first message (p50 / p99 / max)', `${figures.first_message_ms.p50} / ${figures.first_message_ms.p99} / ${figures.first_message_ms.max} ms`, figures.targets.first_message_under_1s),
          line('answer posted (p50 / p99 / max)', `${figures.answer_ms.p50} / ${figures.answer_ms.p99} / ${figures.answer_ms.max} ms`),
          line('Web API calls per investigation', `max ${figures.api_calls_per_investigation.max}, mean ${figures.api_calls_per_investigation.mean}`, figures.targets.at_most_12_calls),
          line('closest progress edits', figures.min_edit_spacing_ms === null ? 'no intermediate edits' : `${figures.min_edit_spacing_ms} ms`, figures.targets.edits_at_least_1500ms_apart),
        ].join('\n') + '\n',
      );
    });
}

