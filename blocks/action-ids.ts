/** The action_ids of cia's buttons: built in blocks/, handled in bot/listeners/actions. */
export const ACTION_IDS = {
  checkHealth: 'cia_health',
} as const;
