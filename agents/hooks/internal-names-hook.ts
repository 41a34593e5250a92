import { AfterModelCallEvent, type LocalAgent, type Plugin } from '@strands-agents/sdk';
import { internalNamesIn } from '../guard/internal-names.js';

/**
 * An answer must not show cia's insides (tool, specialist and hook names, environment variables,
 * source files, prompt text): one that does is retried once. What still shows after the retry is
 * redacted by the investigation (`redactInternalNames`), so it never reaches Slack.
 */
export class InternalNamesHook implements Plugin {
  readonly name = 'cia-internal-names';
  private retried = false;

  initAgent(agent: LocalAgent): void {
    agent.addHook(AfterModelCallEvent, (event) => {
      const message = event.stopData?.message;
      if (!message || event.stopData?.stopReason !== 'endTurn' || this.retried) return;
      const text = message.content.map((c) => (c.type === 'textBlock' ? c.text : '')).join('');
      if (internalNamesIn(text).length) {
        this.retried = true;
        event.retry = true;
      }
    });
  }
}
