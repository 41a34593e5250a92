import { CONFIG_ITEM_CHANGE } from './config-transform/flatten-config-event.js';

/**
 * The EventBridge events the lake keeps. Member accounts forward them from their default bus to
 * the lake's bus with these patterns, and the lake's rules match them again there, so the two
 * stay one definition.
 */
export const FORWARDED_EVENTS = {
  config: { source: ['aws.config'], 'detail-type': [CONFIG_ITEM_CHANGE] },
  guardduty: { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] },
} as const;
