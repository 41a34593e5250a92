/** The action_ids of cia's buttons: built in blocks/, handled in bot/listeners/actions. */
export const ACTION_IDS = {
  checkHealth: 'cia_health',
  showSql: 'cia_show_sql',
  rerun: 'cia_rerun',
  newSession: 'cia_new_session',
  feedbackUp: 'cia_feedback_up',
  feedbackDown: 'cia_feedback_down',
  retry: 'cia_retry',
} as const;
