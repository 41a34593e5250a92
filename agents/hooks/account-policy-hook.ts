import { BeforeToolCallEvent, type LocalAgent, type Plugin } from '@strands-agents/sdk';
import { dataToolTarget } from '../tools/data-tools.js';

/**
 * Enforces a channel's account policy on every query and API request, whatever the model asked
 * for: one naming another account is refused, and one naming none is limited to the allowed accounts.
 */
export class AccountPolicyHook implements Plugin {
  readonly name = 'cia-account-policy';

  constructor(private readonly allowedAccounts: readonly string[]) {}

  initAgent(agent: LocalAgent): void {
    agent.addHook(BeforeToolCallEvent, (event) => {
      if (!dataToolTarget(event.toolUse.name)) return;
      const spec = event.toolUse.input as { accounts?: string[] };
      const asked = spec.accounts ?? [];
      const denied = asked.filter((id) => !this.allowedAccounts.includes(id));
      if (denied.length) {
        event.cancel = `Not allowed: this conversation may not query account ${denied.join(', ')}. Allowed: ${this.allowedAccounts.join(', ')}.`;
        return;
      }
      if (asked.length === 0) event.toolUse = { ...event.toolUse, input: { ...spec, accounts: [...this.allowedAccounts] } };
    });
  }
}
