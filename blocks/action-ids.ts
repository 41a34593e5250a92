/** The action_ids of cia's buttons: built in blocks/, handled in bot/listeners/actions. */
export const ACTION_IDS = {
  checkHealth: 'cia_health',
  showSql: 'cia_show_sql',
  rerun: 'cia_rerun',
  newSession: 'cia_new_session',
  feedbackUp: 'cia_feedback_up',
  feedbackDown: 'cia_feedback_down',
  retry: 'cia_retry',
  alertInvestigate: 'cia_alert_investigate',
  alertAcknowledge: 'cia_alert_ack',
  alertSnooze1h: 'cia_alert_snooze_1h',
  alertSnooze4h: 'cia_alert_snooze_4h',
  alertSnooze24h: 'cia_alert_snooze_24h',
  alertResolve: 'cia_alert_resolve',
} as const;
