import { AfterModelCallEvent, type LocalAgent, type Plugin } from '@strands-agents/sdk';
import type { InvestigationLedger } from '../ledger.js';

const CLAIMS_NOTHING = /\b(?:no (?:results?|rows|events|data|matches)|nothing (?:was )?found|could not find|did not find|found nothing)\b/i;

/**
 * The supervisor's final answer must match the evidence: saying "no results" although a tool
 * returned rows, or asking a question back instead of answering, is retried once.
 */
export class OutputIntegrityHook implements Plugin {
  readonly name = 'cia-output-integrity';
  private retried = false;

  constructor(private readonly ledger: InvestigationLedger) {}

  initAgent(agent: LocalAgent): void {
    agent.addHook(AfterModelCallEvent, (event) => {
      const message = event.stopData?.message;
      if (!message || event.stopData?.stopReason !== 'endTurn' || this.retried) return;
      const text = message.content.map((c) => (c.type === 'textBlock' ? c.text : '')).join('').trim();
      // A count of zero is no evidence of anything.
      const hasRows = this.ledger.allRows().some((row) => Object.values(row).some((v) => v !== 0 && v !== null && v !== '0'));
      if ((hasRows && CLAIMS_NOTHING.test(text)) || /\?\s*$/.test(text)) {
        this.retried = true;
        event.retry = true;
      }
    });
  }
}
