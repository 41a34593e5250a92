import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { healthBlocks } from '../../../blocks/health.js';
import type { BotDependencies } from '../../dependencies.js';
import { runHealthChecks } from '../../health/health-checks.js';

/** The "Check health" button on the help message. */
export function healthButtonCallback(deps: BotDependencies) {
  return async ({ ack, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, ...healthBlocks(await runHealthChecks(deps.healthChecks), new Date()) });
  };
}
